"""Small builders for core tests."""

from briefing_app.core.ops import entities as ent


def make_visit(db, **overrides):
    values = {"title": "Visit to China", "visit_type": "state visit", "start_date": "2019-09-10",
              "end_date": "2019-09-12", "home_tz": "Asia/Almaty", "host_country": "China"}
    return ent.create(db, "visit", None, values | overrides)


def make_event(db, visit_id, title="Talks", start="2019-09-11 10:00", end="2019-09-11 11:00",
               tz="Asia/Shanghai", **fields):
    values = {"title": title, "event_type": fields.pop("event_type", "talks"), "tz": tz,
              "start_local": start, "end_local": end}
    return ent.create(db, "event", visit_id, values | fields)


def make_person(db, visit_id, native="习近平", latin="Xi Jinping", **fields):
    return ent.create(db, "person", visit_id, {"native_name": native, "latin_name": latin} | fields)
