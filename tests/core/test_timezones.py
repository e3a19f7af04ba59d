"""Time zones: never a fixed offset; DST gaps and folds refused; 2019 vs 2024 Almaty."""

from datetime import UTC, datetime

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.timezones import in_zone, local_date, offset_label, to_utc, zone


def test_almaty_was_utc_plus_6_in_2019_and_is_utc_plus_5_since_2024():
    assert to_utc(datetime(2019, 9, 11, 8, 0), "Asia/Almaty") == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)
    assert to_utc(datetime(2024, 9, 11, 8, 0), "Asia/Almaty") == datetime(2024, 9, 11, 3, 0, tzinfo=UTC)
    assert offset_label(in_zone(datetime(2019, 9, 11, 2, tzinfo=UTC), "Asia/Almaty")) == "UTC+6"
    assert offset_label(in_zone(datetime(2024, 9, 11, 2, tzinfo=UTC), "Asia/Almaty")) == "UTC+5"


def test_shanghai_has_its_abbreviation():
    local = in_zone(datetime(2019, 9, 11, 2, tzinfo=UTC), "Asia/Shanghai")
    assert (local.hour, offset_label(local)) == (10, "CST")


def test_dst_gap_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as err:
        to_utc(datetime(2019, 3, 31, 2, 30), "Europe/Berlin", "start")
    assert err.value.field == "start"
    assert "does not exist" in err.value.reason


def test_dst_fold_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as err:
        to_utc(datetime(2019, 10, 27, 2, 30), "Europe/Berlin", "end")
    assert "happens twice" in err.value.reason


def test_times_next_to_a_dst_change_are_fine():
    assert to_utc(datetime(2019, 3, 31, 3, 0), "Europe/Berlin").hour == 1
    assert to_utc(datetime(2019, 10, 27, 3, 0), "Europe/Berlin").hour == 2


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "UTC+6", "../../etc/passwd", "Asia/Almaty\x00", " Asia/Almaty"])
def test_unknown_zones_are_refused(name):
    with pytest.raises(ValidationError):
        zone(name)


def test_local_date_is_the_venue_date():
    late = datetime(2019, 9, 11, 17, 30, tzinfo=UTC)  # 01:30 next day in Beijing
    assert local_date(late, "Asia/Shanghai").day == 12
    assert local_date(late, "Asia/Almaty").day == 11
