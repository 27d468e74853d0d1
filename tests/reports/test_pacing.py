"""The triage loop yields to intake during a burst, but never starves."""

from siaga.reports.services.pacing import TriagePacer


def test_it_triages_when_reports_arrive_slowly():
    pacer = TriagePacer(yield_above=100, max_defer=30)
    assert pacer.should_wait(0, 0.0) is False  # first look: no rate yet
    assert pacer.should_wait(50, 1.0) is False  # 50/s


def test_it_waits_during_a_burst_and_resumes_when_it_eases():
    pacer = TriagePacer(yield_above=100, max_defer=30)
    pacer.should_wait(0, 0.0)
    assert pacer.should_wait(900, 1.0) is True  # 900/s
    assert pacer.should_wait(1800, 2.0) is True
    assert pacer.should_wait(1810, 3.0) is False  # 10/s: the burst is over


def test_a_long_surge_still_gets_a_batch_every_max_defer_seconds():
    pacer = TriagePacer(yield_above=100, max_defer=5)
    pacer.should_wait(0, 0.0)
    waits = [pacer.should_wait(1000 * t, float(t)) for t in range(1, 13)]
    assert waits.count(False) == 2 and waits[5] is False and waits[11] is False


def test_yielding_can_be_switched_off():
    pacer = TriagePacer(yield_above=0)
    pacer.should_wait(0, 0.0)
    assert pacer.should_wait(100000, 1.0) is False
