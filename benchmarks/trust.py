"""Sock-puppet simulation: does "verified" survive attackers holding 20% of the accounts?

    python -m benchmarks.trust [--accounts 200 --weeks 12 --seed 1 --review 0.10 --veterans 0.15 --no-limits]

A population lives on a scratch SQLite file (benchmarks/.data/trust.sqlite3, made afresh)
and acts only through the real code: ReportForm + sightings.services.report_camera,
votes.services.confirm/dispute, moderation.services.decide, with the per-level rate limits
and burst rules of sightings/limits.py and votes/limits.py on (a request per action, one
network per account). The clock is frozen and moved with time-machine, so account ages,
trust levels and rate-limit windows all see simulated time.

- Honest residents (80% of the accounts) live in a ~5 km square. On an active day they may
  report a real camera seen there (confirm it if already on the map) and check a few
  unresolved cameras of the area: with their accuracy (0.7 to 1, most above 0.9) they
  confirm the real and dispute the fake, else the reverse; an inaccurate report is a pin
  where there is no camera. `--veterans` of them joined months earlier with 3 to 15
  moderator-verified reports (a site that has been running; 0 = a launch).
- Attackers hold 20% of the accounts: each runs K fresh accounts opened over the first four
  weeks. First they play honest (accurate reports, and their accounts confirm each other's,
  which lifts them up the moderators' queue); from the third to the sixth week on they also report fake
  cameras in their area and confirm every one of them from all their other accounts.
- Moderators, each evening, take the queue (flagged cameras, then
  Camera.objects.pending_by_priority()) and review its first `--review` share; they know
  the truth, verify the real and reject the fake, one minute a review.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from benchmarks.database import DATA

DB = DATA / "trust.sqlite3"
HKT = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 1, 5, tzinfo=HKT)
CELL = 0.05  # degrees: an area a resident walks, about 5 km
REVIEW_MINUTES = 1


@dataclass
class Person:
    attacker: bool
    accuracy: float
    cell: tuple
    accounts: list = field(default_factory=list)
    joins: list = field(default_factory=list)  # day each account opens
    attack_from: int = 10**6


def cell_of(lat, lon):
    return (math.floor(lat / CELL), math.floor(lon / CELL))


def setup(args):
    os.environ.update(DJANGO_SETTINGS_MODULE="mapsite.settings", SQLITE_PATH=str(DB))
    os.environ["RATELIMIT_ENABLE"] = "false" if args.no_limits else "true"
    os.environ["PUBLISH_WINDOW_HOURS"] = "0"  # the simulation's days need votes counted as they are cast
    os.environ.setdefault("DEBUG", "false")
    DATA.mkdir(parents=True, exist_ok=True)
    [path.unlink() for path in DATA.glob(DB.name + "*")]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mapsite.districts.loading import load_districts

    call_command("migrate", verbosity=0, interactive=False)
    load_districts()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")  # a scratch file: durability buys nothing here


class World:
    def __init__(self, args, clock):
        from mapsite.districts.lookup import OutsideHongKong, district_at
        from mapsite.sightings.plausibility import land_points

        self.args, self.clock, self.rng = args, clock, random.Random(args.seed)
        # camera pk -> real camera index (None: a pin with nothing there); day reported; day verified
        self.truth, self.reported_day, self.verified_day = {}, {}, {}
        self.on_map = {}  # real index -> camera pk while it is on the map
        self.cell_cameras = defaultdict(list)
        self.stats, self.attack_fakes, self.reporter = defaultdict(int), set(), {}
        # Ground truth: real cameras scattered around places known to be on land, 25 m apart or more.
        anchors = [tuple(math.degrees(v) for v in p) for p in land_points()]
        self.real = []
        while len(self.real) < args.real:
            lat, lon = self.rng.choice(anchors)
            lat, lon = lat + self.rng.uniform(-0.004, 0.004), lon + self.rng.uniform(-0.004, 0.004)
            try:
                district_at(lat, lon)
            except OutsideHongKong:
                continue
            self.real.append((lat, lon))
        self.real_in_cell = defaultdict(list)
        for i, (lat, lon) in enumerate(self.real):
            self.real_in_cell[cell_of(lat, lon)].append(i)
        self.unseen = set(range(len(self.real)))

    # --- the population ---------------------------------------------------------
    def populate(self):
        args, rng = self.args, self.rng
        attacker_accounts = round(args.accounts * args.attackers)
        cells = [cell_of(*self.real[rng.randrange(len(self.real))]) for _ in range(args.accounts)]
        self.people = people = []
        for i in range(attacker_accounts // args.k):
            person = Person(True, 1.0, cells[i], attack_from=rng.randint(14, 35))
            person.joins = sorted(rng.randint(0, 27) for _ in range(args.k))
            people.append(person)
        for i in range(args.accounts - len(people) * args.k):
            accuracy = rng.choice([1.0, 0.98, 0.95, 0.95, 0.9, 0.9, 0.85, 0.7])
            veteran = rng.random() < args.veterans
            people.append(Person(False, accuracy, cells[-1 - i], joins=[-90 if veteran else rng.randint(0, 60)]))
        for person in people:
            if not person.attacker and person.joins[0] < 0:
                self.open_account(person, 0, veteran=True)

    def open_account(self, person, n, veteran=False):
        from django.contrib.auth import get_user_model

        from mapsite.accounts.trust import recompute
        from mapsite.cameras.models import Camera

        user = get_user_model().objects.create_user(f"u{len(self.truth)}-{self.rng.random():.9f}", password=None)
        person.accounts.append(user)
        if veteran:
            user.date_joined = dt.datetime.now(HKT) - dt.timedelta(days=90)
            user.save(update_fields=["date_joined"])
            mine = sorted(set(self.real_in_cell[person.cell]) & self.unseen)
            for i in self.rng.sample(mine, min(len(mine), self.rng.randint(3, 15))):
                cam = Camera.objects.create(latitude=self.real[i][0], longitude=self.real[i][1], reporter=user,
                                            status=Camera.Status.VERIFIED, moderator_decided=True,
                                            reported_at=dt.datetime.now(HKT) - dt.timedelta(days=60))
                self.unseen.discard(i)
                self.on_map[i] = cam.pk
            recompute(user)
        user.sim_ip = f"10.{len(person.accounts)}.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        return user

    # --- actions through the real code ------------------------------------------
    def request(self, user):
        from django.test import RequestFactory

        request = RequestFactory().post("/", REMOTE_ADDR=user.sim_ip)
        request.user = user  # one network per account: the per-network limits never bind here
        return request

    def report(self, user, person, real_index=None):
        from django_ratelimit.exceptions import Ratelimited

        from mapsite.core.errors import ServiceError
        from mapsite.sightings import limits
        from mapsite.sightings.forms import ReportForm
        from mapsite.sightings.services import report_camera

        if real_index is not None:
            lat, lon = self.real[real_index]
            lat, lon = lat + self.rng.uniform(-3e-5, 3e-5), lon + self.rng.uniform(-3e-5, 3e-5)
        else:  # a pin where there is no camera: 60-200 m off a real one of the area
            lat, lon = self.real[self.rng.choice(self.real_in_cell[person.cell])]
            angle, metres = self.rng.uniform(0, 2 * math.pi), self.rng.uniform(60, 200)
            lat, lon = lat + metres * math.cos(angle) / 111_195, lon + metres * math.sin(angle) / 103_000
        request = self.request(user)
        try:
            limits.refuse_if_exhausted(request)
        except (Ratelimited, ServiceError):
            self.stats["reports refused by limits"] += 1
            return None
        form = ReportForm({"latitude": lat, "longitude": lon, "kind": "dome", "operator": "unknown",
                           "confirm_different": "on"}, allow_photo=False)
        if not form.is_valid():
            self.stats["reports refused by the form"] += 1
            return None
        camera = report_camera(user, form.cleaned_data, district=form.district)
        limits.count_report(request)
        self.truth[camera.pk], self.reporter[camera.pk], self.reported_day[camera.pk] = real_index, user.pk, self.day
        self.cell_cameras[cell_of(lat, lon)].append(camera.pk)
        if real_index is not None:
            self.on_map[real_index] = camera.pk
            self.unseen.discard(real_index)
            self.stats["real reports"] += 1
        elif person.attacker:
            self.stats["fake reports by attackers"] += 1
            self.attack_fakes.add(camera.pk)
        else:
            self.stats["mistaken reports (nothing there)"] += 1
        return camera.pk

    def vote(self, user, pk, confirm):
        from django_ratelimit.exceptions import Ratelimited

        from mapsite.core.errors import ServiceError
        from mapsite.votes import limits, services

        request = self.request(user)
        try:
            limits.refuse_if_exhausted(request)
            result = services.confirm(pk, user) if confirm else services.dispute(pk, user, reason="not_camera")
        except Ratelimited:
            self.stats["votes refused by limits"] += 1
            return
        except ServiceError as exc:
            self.stats[f"votes refused: {type(exc).__name__}"] += 1
            return
        if result.changed:
            limits.count_vote(request)
            self.stats["votes"] += 1

    def at(self, hour):
        self.clock.move_to(START + dt.timedelta(days=self.day, hours=hour))
    # --- one day ------------------------------------------------------------------
    def live_day(self):
        events = []
        for person in self.people:
            for n, join in enumerate(person.joins):
                if join == self.day and len(person.accounts) <= n:
                    events.append((self.rng.uniform(7, 9), self.open_account, (person, n)))
            if not person.accounts:
                continue
            if person.attacker:
                events.append((self.rng.uniform(9, 20), self.attacker_day, (person,)))
            elif self.rng.random() < self.args.active:
                events.append((self.rng.uniform(9, 22), self.resident_day, (person,)))
        for hour, action, params in sorted(events, key=lambda e: e[0]):
            self.at(hour)
            action(*params)
        self.at(23)
        self.moderate()

    def resident_day(self, person):
        user = person.accounts[0]
        if self.rng.random() < 0.5:
            seen = self.rng.choice(self.real_in_cell[person.cell])
            if self.rng.random() > person.accuracy:
                self.report(user, person)  # a mistake: nothing is there
            elif seen in self.on_map:
                if self.reporter.get(self.on_map[seen]) != user.pk:
                    self.vote(user, self.on_map[seen], True)
            else:
                self.report(user, person, seen)
        for pk in self.unresolved(person, 3):
            right = self.rng.random() < person.accuracy
            self.vote(user, pk, (self.truth[pk] is not None) == right)

    def attacker_day(self, person):
        open_accounts = person.accounts
        if self.rng.random() < 0.5:  # an honest-looking report, which the others confirm
            fresh = [i for i in self.real_in_cell[person.cell] if i not in self.on_map]
            if fresh:
                pk = self.report(self.rng.choice(open_accounts), person, self.rng.choice(fresh))
                if pk is not None:
                    person.boost = [*getattr(person, "boost", []), pk]
        if self.day >= person.attack_from and self.rng.random() < self.args.attack_rate:
            pk = self.report(self.rng.choice(open_accounts), person)
            if pk is not None:
                person.fakes = [*getattr(person, "fakes", []), pk]
        # Every account confirms every one of the attacker's pending reports it has not confirmed yet.
        from mapsite.cameras.models import Camera
        from mapsite.votes.models import Vote

        mine = getattr(person, "fakes", []) + getattr(person, "boost", [])[-10:]
        mine = list(Camera.objects.filter(pk__in=mine, status=Camera.Status.PENDING).values_list("pk", flat=True))
        for user in open_accounts:
            done = set(Vote.objects.filter(user=user, camera_id__in=mine).values_list("camera_id", flat=True))
            for pk in mine:
                if pk not in done and self.reporter[pk] != user.pk:
                    self.vote(user, pk, True)
        for pk in self.unresolved(person, 2):  # and votes like an honest neighbour elsewhere
            if pk not in mine:
                self.vote(self.rng.choice(open_accounts), pk, self.truth[pk] is not None)

    def unresolved(self, person, n):
        from mapsite.cameras.models import Camera

        pks = self.cell_cameras[person.cell][-200:]
        live = list(Camera.objects.filter(pk__in=pks, moderator_decided=False, merged_into__isnull=True,
                                          status__in=Camera.PUBLIC_STATUSES).exclude(reporter__in=person.accounts)
                    .values_list("pk", flat=True))
        return self.rng.sample(live, min(n, len(live)))

    def moderate(self):
        from django.contrib.auth import get_user_model

        from mapsite.cameras.models import Camera
        from mapsite.moderation.roles import make_moderator
        from mapsite.moderation.services import Decision, decide

        if not hasattr(self, "moderator"):
            self.moderator = get_user_model().objects.create_user("moderator", password=None)
            make_moderator(self.moderator)
        flagged = list(Camera.objects.filter(flagged=True, merged_into__isnull=True,
                                             status__in=Camera.PUBLIC_STATUSES).order_by("reported_at", "pk"))
        queue = flagged + [c for c in Camera.objects.pending_by_priority() if not c.flagged]
        for camera in queue[: math.ceil(self.args.review * len(queue))]:
            real = self.truth.get(camera.pk, 0) is not None
            decide(camera.pk, camera.version, Decision.VERIFY if real else Decision.REJECT, actor=self.moderator)
            self.stats["moderator reviews"] += 1

    def snapshot(self):
        from mapsite.cameras.models import Camera

        rows = Camera.objects.filter(pk__in=list(self.truth), merged_into__isnull=True).values_list("pk", "status")
        verified = [pk for pk, status in rows if status == Camera.Status.VERIFIED]
        for pk in verified:
            self.verified_day.setdefault(pk, self.day)
        real_reported = [pk for pk, i in self.truth.items() if i is not None]
        real_verified = [pk for pk in verified if self.truth[pk] is not None]
        return {
            "verified": len(verified), "real verified": len(real_verified), "real reported": len(real_reported),
            "precision": len(real_verified) / len(verified) if verified else 1.0,
            "recall": len(real_verified) / len(real_reported) if real_reported else 0.0,
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--attackers", type=float, default=0.20, help="share of the accounts attackers hold")
    parser.add_argument("--k", type=int, default=4, help="accounts per attacker")
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--review", type=float, default=0.10, help="share of the queue reviewed each day")
    parser.add_argument("--veterans", type=float, default=0.15, help="share of honest residents with a record")
    parser.add_argument("--real", type=int, default=2500, help="real cameras in the world")
    parser.add_argument("--active", type=float, default=0.3, help="chance an honest resident acts on a day")
    parser.add_argument("--attack-rate", type=float, default=0.5, help="fake reports per attacker per day")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-limits", action="store_true", help="turn the rate limits off")
    args = parser.parse_args(argv)
    setup(args)
    import time_machine
    from django.conf import settings

    began = time.monotonic()
    with time_machine.travel(START, tick=False) as clock:
        world = World(args, clock)
        world.day = 0
        world.populate()
        marks = {}
        for day in range(7 * args.weeks):
            world.day = day
            world.live_day()
            marks[day + 1] = world.snapshot()
    print_results(world, marks, args, settings, time.monotonic() - began)


def print_results(world, marks, args, settings, seconds):
    from mapsite.audit.models import AuditEntry
    from mapsite.cameras.models import Camera

    days = 7 * args.weeks
    print(f"accounts {args.accounts} ({round(args.accounts * args.attackers)} held by "
          f"{round(args.accounts * args.attackers) // args.k} attackers, K={args.k}), {args.weeks} weeks, "
          f"review {args.review:.0%} of the queue a day, veterans {args.veterans:.0%}, seed {args.seed}, "
          f"rate limits {'off' if args.no_limits else 'on'}; {seconds:.0f} s")
    print(f"settings: VERIFY_MIN_CONFIRMATIONS={settings.VERIFY_MIN_CONFIRMATIONS} "
          f"VERIFY_MIN_MARGIN={settings.VERIFY_MIN_MARGIN} TRUST_ESTABLISHED_VERIFIED="
          f"{settings.TRUST_ESTABLISHED_VERIFIED} TRUST_ESTABLISHED_DAYS={settings.TRUST_ESTABLISHED_DAYS}")
    print("| week | verified | of them real | precision | real reported | verified | recall (snapshot) |")
    print("|---|---|---|---|---|---|---|")
    for week in sorted({w for w in (1, 4, 12, args.weeks) if 7 * w <= days}):
        m = marks[7 * week]
        print(f"| {week} | {m['verified']} | {m['real verified']} | {m['precision']:.1%} | "
              f"{m['real reported']} | {m['real verified']} | {m['recall']:.1%} |")
    worst = min(marks, key=lambda d: marks[d]["precision"])
    print(f"lowest precision on any evening: {marks[worst]['precision']:.1%} (day {worst})")
    for weeks in (1, 4, 12):
        eligible = [pk for pk, i in world.truth.items() if i is not None and world.reported_day[pk] + 7 * weeks <= days]
        within = [pk for pk in eligible if world.verified_day.get(pk, 10**6) - world.reported_day[pk] < 7 * weeks]
        if eligible:
            print(f"real cameras verified within {weeks} week(s) of their report: {len(within)}/{len(eligible)}"
                  f" = {len(within) / len(eligible):.1%}")
    fakes = [pk for pk, i in world.truth.items() if i is None]
    by = defaultdict(int)
    for entry in AuditEntry.objects.filter(camera_id__in=fakes, action__in=[
            AuditEntry.Action.VERIFIED_BY_RESIDENTS, AuditEntry.Action.VERIFIED]).order_by("camera_id", "pk"):
        by[entry.camera_id] = by[entry.camera_id] or entry.action
    groups = (("attackers' fake cameras", world.attack_fakes), ("honest mistakes", set(fakes) - world.attack_fakes))
    for label, group in groups:
        reached = {pk: action for pk, action in by.items() if pk in group}
        print(f"{label}: {len(group)} reported; reached verified: {len(reached)} "
              f"(by residents {sum(1 for a in reached.values() if a == AuditEntry.Action.VERIFIED_BY_RESIDENTS)}, "
              f"by a moderator {sum(1 for a in reached.values() if a == AuditEntry.Action.VERIFIED)}); "
              f"still verified at the end: {Camera.objects.filter(pk__in=reached, status='verified').count()}")
    reviews = world.stats["moderator reviews"]
    print(f"moderator reviews: {reviews} = {reviews * REVIEW_MINUTES / 60:.1f} moderator hours "
          f"({reviews * REVIEW_MINUTES / 60 / args.weeks:.1f} a week)")
    print("counts: " + ", ".join(f"{k} {v}" for k, v in sorted(world.stats.items())))


if __name__ == "__main__":
    main()
