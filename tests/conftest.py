"""Shared fixtures: the textiles standard, parser context, helpers to run a parser on raw strings, fsspec
stores (memory://, and moto's S3 server standing in for MinIO/OSS) holding the textiles sample exports."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import fsspec
import polars as pl
import pytest
from fsspec.implementations.memory import MemoryFileSystem
from stdnum.cn import uscc

from indset.registry import ParseContext, get_parser
from indset.standard import load_standard


@pytest.fixture(scope="session")
def textiles():
    return load_standard("textiles")


@pytest.fixture(autouse=True)
def _hmac_key(monkeypatch):
    monkeypatch.setenv("INDSET_HMAC_KEY", "test-key")


def make_uscc(prefix17: str) -> str:
    return prefix17 + uscc.calc_check_digit(prefix17)


def run_parser(std, table: str, field: str, values: list, **ctx):
    spec = std.tables[table].field(field)
    return get_parser(spec.parser)(pl.Series(field, values, dtype=pl.String), spec, ParseContext(standard=std, **ctx))


TEXTILES_RAW = Path(__file__).resolve().parents[1] / "samples" / "textiles" / "raw"


@pytest.fixture
def memory_fs() -> Iterator[MemoryFileSystem]:
    """fsspec's process-wide memory:// store; whatever the test put under memory://t/ is removed after it."""
    fs = fsspec.filesystem("memory")
    yield fs
    if fs.exists("/t"):
        fs.rm("/t", recursive=True)


@pytest.fixture(scope="session")
def s3_samples() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 with a public-read bucket ``exports`` holding ``textiles/raw/*`` (the
    sample exports); yields the endpoint URL. Anonymous reads need no credentials, on Ray workers neither."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] not installed (pip install 'moto[server]')")
    pytest.importorskip("s3fs", reason="s3fs not installed")
    import logging

    import boto3

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    try:
        s3 = boto3.client("s3", endpoint_url=url, aws_access_key_id="indset-test", aws_secret_access_key="s3-secret",
                          region_name="us-east-1")
        s3.create_bucket(Bucket="exports")
        for path in sorted(TEXTILES_RAW.iterdir()):
            s3.put_object(Bucket="exports", Key=f"textiles/raw/{path.name}", Body=path.read_bytes(), ACL="public-read")
        yield url
    finally:
        server.stop()
