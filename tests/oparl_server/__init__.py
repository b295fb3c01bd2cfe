"""A realistic OParl 1.0/1.1 server for tests: generated data, faults and known quirks.

dataset = Dataset.generate(meetings=5, files_per_meeting=3, seed=7)
server = OParlServer(dataset, page_size=10)
with serve(server) as host_url:            # tests.servers.serve
    endpoint = server.endpoint(host_url)   # the System's URL
    ...
    dataset.clock.advance(minutes=5)
    dataset.touch("meeting/2")
    server.faults.add(ErrorStatus(503, retry_after=1), "body/1/*", times=2)
    assert server.log.count("/file/*", status=200) == ...
"""

from tests.oparl_server.app import OParlServer
from tests.oparl_server.dataset import Dataset
from tests.oparl_server.faults import (
    MAX_DELAY,
    CaptivePortal,
    ConnectionReset,
    ErrorStatus,
    Fault,
    FaultPlan,
    FaultRule,
    MalformedJson,
    NotFound,
    Slow,
    SlowDrip,
    TooManyRequests,
    TruncatedBody,
    WrongContent,
)
from tests.oparl_server.http import LoggedRequest, RequestLog
from tests.oparl_server.model import Clock, Record
from tests.oparl_server.quirks import Quirks

__all__ = [
    "MAX_DELAY",
    "CaptivePortal",
    "Clock",
    "ConnectionReset",
    "Dataset",
    "ErrorStatus",
    "Fault",
    "FaultPlan",
    "FaultRule",
    "LoggedRequest",
    "MalformedJson",
    "NotFound",
    "OParlServer",
    "Quirks",
    "Record",
    "RequestLog",
    "Slow",
    "SlowDrip",
    "TooManyRequests",
    "TruncatedBody",
    "WrongContent",
]
