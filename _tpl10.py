import os, django, time, statistics
os.environ.setdefault("DJANGO_SETTINGS_MODULE","config.settings.local")
django.setup()
from django.test import Client
from django.test.utils import override_settings
from django.template.backends import django as backend
from accounts.models import User
times = []
orig = backend.Template.render
def timed(self, context=None, request=None):
    t = time.perf_counter(); out = orig(self, context, request)
    if self.template.name == "roadmaps/detail.html": times.append((time.perf_counter() - t) * 1000)
    return out
backend.Template.render = timed
c = Client(); c.force_login(User.objects.get(email="coordinator.03@synthetic.500plus.ru"))
with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
    for _ in range(20): size = len(c.get("/roadmaps/67/").content)
print(f"# HTML {size} bytes; render detail.html p50 {statistics.median(times):.1f} ms, min {min(times):.1f} ms, p95 {sorted(times)[18]:.1f} ms; load {os.getloadavg()[0]:.2f}")
