#!/usr/bin/env python3
"""Load the structured corpus into an S3-compatible server (moto, started by `up`).

    s3_load.py --endpoint http://127.0.0.1:PORT --bucket piimap-corpus \
        --corpus corpora/structured [--pidfile moto.pid]

Waits until the endpoint answers HTTP (giving up if the server process in
--pidfile exits, or after --timeout seconds), creates the bucket and uploads
every file under parquet/, csv/, json/, compressed/ and sqlite/ of the corpus
as `structured/<path relative to the corpus>` (e.g.
`structured/parquet/users.parquet`).  Credentials: testing/testing, us-east-1.
"""
import argparse
import os
import sys
import time
import urllib.error
import urllib.request

SUBDIRS = ("parquet", "csv", "json", "compressed", "sqlite")
PREFIX = "structured/"


def server_alive(pidfile):
    if not pidfile:
        return True
    try:
        with open(pidfile) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return True  # not written yet
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(endpoint, pidfile, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(endpoint + "/", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer will do
        except OSError as e:
            if not server_alive(pidfile):
                sys.exit(f"s3_load: the S3 server exited before answering ({e})")
            if time.monotonic() > deadline:
                sys.exit(f"s3_load: {endpoint} did not answer within {timeout} s ({e})")
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--bucket", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--pidfile")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()

    import boto3  # imported while nothing else waits on us, before the server is up

    wait_for(args.endpoint, args.pidfile, args.timeout)
    s3 = boto3.client(
        "s3",
        endpoint_url=args.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=args.bucket)
    n = 0
    for sub in SUBDIRS:
        top = os.path.join(args.corpus, sub)
        if not os.path.isdir(top):
            sys.exit(f"s3_load: missing {top}")
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                key = PREFIX + os.path.relpath(path, args.corpus).replace(os.sep, "/")
                with open(path, "rb") as f:
                    s3.put_object(Bucket=args.bucket, Key=key, Body=f.read())
                n += 1
    print(f"s3_load: {n} objects in s3://{args.bucket}/{PREFIX}")


if __name__ == "__main__":
    main()
