"""A secret vote leaves nothing in the server's logs that tells how anyone voted: members vote through a real HTTP
server whose request log is on (the lines a production server writes), with every logger at DEBUG, and neither
the request lines nor any other record holds a ballot's identifier or answer; the voters' requests look the same
whatever they answered."""

import datetime
import logging
import re
import urllib.parse
import urllib.request

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.test.testcases import QuietWSGIRequestHandler

from chibo.votes import services
from chibo.votes.models import Ballot

D = datetime.date


def _vote(live_server, user, poll, answer):
    """One member's ballot sent over HTTP with their own session, as a phone would send it."""
    client = Client()
    client.force_login(user)
    session = f"sessionid={client.cookies['sessionid'].value}"
    url = f"{live_server.url}/bieu-quyet/{poll.pk}/bo-phieu/"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": session})) as response:  # noqa: S310
        page = response.read().decode()
        csrf = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "answer": answer}).encode()
    headers = {"Cookie": f"{session}; csrftoken={csrf}", "Referer": url}
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers)) as response:  # noqa: S310
        return response.status, response.url


@pytest.mark.django_db(transaction=True)
def test_the_request_log_and_every_logger_say_nothing_of_the_answers(
    cell, live_server, monkeypatch, caplog, shipped_rule_sets
):
    # The live server is quiet by default; give it back the request log a real server keeps.
    monkeypatch.setattr(QuietWSGIRequestHandler, "log_message", WSGIRequestHandler.log_message)
    poll = services.poll_create(
        actor=cell.secretary,
        organization=cell,
        title="Thông qua nghị quyết",
        purpose="resolution",
        kind="secret",
        day=D(2026, 12, 3),
    )
    poll = services.poll_open(actor=cell.secretary, poll=poll)
    answers = ["yes", "no", "abstain", "yes"]
    with caplog.at_level(logging.DEBUG):
        for logger in ("django", "django.server", "django.request", "django.db.backends", "chibo"):
            logging.getLogger(logger).setLevel(logging.DEBUG)
        for member, answer in zip(cell.people, answers, strict=False):
            status, landed = _vote(live_server, member.user, poll, answer)
            assert (status, landed) == (200, f"{live_server.url}/bieu-quyet/{poll.pk}/")
    assert sorted(Ballot.objects.filter(poll=poll).values_list("answer", flat=True)) == sorted(answers)
    lines = [r.getMessage() for r in caplog.records]
    posts = [line for line in lines if '"POST ' in line]
    assert len(posts) == 4  # the request log is really on
    # Every voter's POST line is the same: same path, same status, same size, whatever the answer.
    assert len({re.sub(r"^\[.*?\] ", "", line) for line in posts}) == 1
    ballot_ids = [str(b) for b in Ballot.objects.filter(poll=poll).values_list("id", flat=True)]
    everything = "\n".join(lines + [str(r.__dict__) for r in caplog.records])
    for ballot_id in ballot_ids:
        assert ballot_id not in everything and ballot_id.replace("-", "") not in everything
    assert "answer" not in everything and "abstain" not in everything
