"""Start moto_server with the fixes ecspack's tests need.

moto 5.2.1 returns DescribeTasks containers[].cpu/memory as JSON numbers while
the ECS API (and so aws-sdk-go-v2) has them as strings: patch moto's Container
model to keep them as strings, then run moto's own server main with the
arguments given (e.g. -H 127.0.0.1 -p 5000).
"""
import sys

from moto.ecs import models as ecs_models

_original_init = ecs_models.Container.__init__


def _init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    for attr in ("cpu", "memory"):
        value = getattr(self, attr, None)
        if value is not None:
            setattr(self, attr, str(value))


ecs_models.Container.__init__ = _init

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
