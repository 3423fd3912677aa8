"""Which container-engine failures mean 'the engine did not answer' (retry, campaign pauses) and
which mean 'the engine refused' (an error of this run). Found by tools/mutate.py: nothing pinned
the classification."""

from __future__ import annotations

import docker.errors
import requests

from alpseesaw.runners.container import _engine_error


def test_no_answer_is_an_engine_error() -> None:
    assert _engine_error(requests.exceptions.ConnectionError("refused"))
    assert _engine_error(ConnectionResetError())
    assert _engine_error(docker.errors.DockerException("Connection aborted."))


def test_a_refusal_is_not() -> None:
    assert not _engine_error(docker.errors.APIError("404 Client Error: Not Found"))
    assert not _engine_error(docker.errors.DockerException("invalid image name"))
    assert not _engine_error(ValueError("Connection"))
