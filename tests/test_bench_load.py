"""The benchmark's load spreads wrk's connections over both gunicorn workers (bench.run.load):
how it counts the connections each worker holds and when it calls a split even."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from bench.run import balanced, connections_per_worker, established_inodes

PROC_NET_TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1
   1: 0100007F:1F40 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1
   2: 0100007F:C350 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 333 1
   3: 0100007F:1F41 0100007F:C351 01 00000000:00000000 00:00000000 00000000     0        0 444 1
   4: 0100007F:1F40 0100007F:C352 06 00000000:00000000 00:00000000 00000000     0        0 555 1
"""


def test_established_inodes_are_the_server_side_of_open_connections_on_the_port():
    # port 8000 = 0x1F40: the listening socket (0A), the client's end (local port 50000),
    # another port and a closing connection (06) are not counted
    assert established_inodes(PROC_NET_TCP, 8000) == {222}
    assert established_inodes(PROC_NET_TCP, 8001) == {444}
    assert established_inodes(PROC_NET_TCP, 50000) == {333}


def test_a_split_is_even_when_every_worker_holds_a_quarter_of_the_connections():
    assert balanced([8, 8], 16)
    assert balanced([4, 12], 16)
    assert balanced([12, 4], 16)
    assert not balanced([3, 13], 16)
    assert not balanced([16, 0], 16)
    assert not balanced([16], 16)  # one worker
    assert not balanced([8, 7], 16)  # a connection not (yet) accepted


ACCEPTOR = """
import socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
print(server.getsockname()[1], flush=True)
held = [server.accept()[0] for _ in range(3)]
sys.stdin.read()
"""


def test_connections_per_worker_counts_the_sockets_each_child_accepted():
    worker = subprocess.Popen(
        [sys.executable, "-c", ACCEPTOR], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    clients = []
    try:
        port = int(worker.stdout.readline())
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        for _ in range(100):  # until the child has accepted all three
            split = connections_per_worker(os.getpid(), port)  # other children hold none
            if max(split, default=0) == 3:
                break
            time.sleep(0.05)
        assert max(split) == 3 and sum(split) == 3
    finally:
        for client in clients:
            client.close()
        worker.kill()
        worker.wait()


def test_the_writer_commits_real_writes_that_change_the_bodys_stamp(app, database_url):
    """``--writes``: the kept pages are built again after each write, as in use."""
    from sqlalchemy import func, select

    from bench.run import writer
    from lvzhi.extensions import db
    from lvzhi.models import AuditEvent, BodyStamp

    from .factories import world

    w = world()
    before = db.session.scalar(select(BodyStamp.stamp).where(BodyStamp.org_id == w.org.id))
    with writer(database_url, 600) as made:  # one every 0.1 s
        time.sleep(0.45)
    db.session.rollback()
    assert made[0] >= 2
    events = select(func.count()).where(AuditEvent.action == "bench.write")
    assert db.session.scalar(events.where(AuditEvent.org_id == w.org.id)) == made[0]
    after = db.session.scalar(select(BodyStamp.stamp).where(BodyStamp.org_id == w.org.id))
    assert after != before
    with writer(database_url, 0) as none:  # the default: nothing written
        time.sleep(0.2)
    assert none == [0]
