package io.strideline.gamification;

import io.strideline.activity.ActivityTotals.Effort;
import io.strideline.gamification.XpRepository.LedgerEntry;
import io.strideline.identity.UserTimezones;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * XP, computed by the server only from stored data: every change of a person's data re-computes
 * the ledger entries it touches inside a {@link Settlement}, which re-allocates the caps (per data
 * day and per receipt day) of the days those entries touch; the total follows the rows (V41).
 */
@Service
class XpService {

    @Schema(description = "My XP and level.")
    record XpProgress(
            @Schema(description = "Total XP.", example = "1250")
            long xp,

            @Schema(description = "My level (from 1).", example = "5")
            int level,

            @Schema(description = "XP at which my level started: 50·level·(level−1).", example = "1000")
            long levelFloorXp,

            @Schema(description = "XP at which the next level starts.", example = "1500")
            long nextLevelXp,

            @Schema(description = "XP credited today (my time zone), all sources.", example = "120")
            long todayXp,

            @Schema(
                    description =
                            "Most XP activities, steps and challenges credit per local day (badges not " + "counted).",
                    example = "1000")
            int dailyCap) {}

    /**
     * One change of a person's XP entries, under their lock. It remembers which data and receipt
     * days its writes moved (old and new place of each entry), so that only those are re-allocated,
     * and which activity and step entries changed, so that badges judge only those.
     */
    final class Settlement {
        final UUID userId;
        final ZoneId zone;
        private final Set<LocalDate> days = new HashSet<>();
        private final Set<LocalDate> receipts = new HashSet<>();
        private final List<String> changedData = new ArrayList<>();

        private Settlement(UUID userId, ZoneId zone) {
            this.userId = userId;
            this.zone = zone;
        }

        LocalDate today() {
            return LocalDate.now(clock.withZone(zone));
        }

        Instant now() {
            return clock.instant();
        }

        LocalDate dayOf(Instant at) {
            return at.atZone(zone).toLocalDate();
        }

        /** Keys ({@code source:key}) of the activity and step entries written or removed so far. */
        List<String> changedData() {
            return changedData;
        }

        private void moved(XpRepository.Placed entry) {
            moved(entry.day(), entry.receivedOn());
        }

        private void moved(LocalDate day, LocalDate receivedOn) {
            days.add(day);
            receipts.add(receivedOn);
        }
    }

    private final XpRepository xp;
    private final UserTimezones timezones;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final int dailyCap;
    private final int receiptDayCap;
    private final Period handWindow;
    private final Period recordedWindow;

    XpService(
            XpRepository xp,
            UserTimezones timezones,
            Clock clock,
            ApplicationEventPublisher events,
            @Value("${strideline.gamification.daily-xp-cap:1000}") int dailyCap,
            @Value("${strideline.gamification.receipt-day-xp-cap:2000}") int receiptDayCap,
            @Value("${strideline.gamification.credit-window.entered-by-hand:P7D}") Period handWindow,
            @Value("${strideline.gamification.credit-window.recorded:P30D}") Period recordedWindow) {
        this.xp = xp;
        this.timezones = timezones;
        this.clock = clock;
        this.events = events;
        this.dailyCap = dailyCap;
        this.receiptDayCap = receiptDayCap;
        this.handWindow = handWindow;
        this.recordedWindow = recordedWindow;
    }

    /**
     * Runs {@code work} under the person's lock, then re-allocates what its writes can move (the
     * entries of the data and receipt days they touched, see {@link XpRepository#reallocate}) and
     * announces a level reached for the first time. The total follows the rows by a trigger (V41):
     * nothing here reads the person's whole ledger, so the 1,000th upload costs what the 10th did.
     */
    @Transactional
    void settle(UUID userId, Consumer<Settlement> work) {
        xp.lock(userId);
        var s = new Settlement(userId, timezones.of(userId));
        work.accept(s);
        if (!s.days.isEmpty()) {
            xp.reallocate(
                    userId,
                    s.days.toArray(LocalDate[]::new),
                    s.receipts.toArray(LocalDate[]::new),
                    dailyCap,
                    receiptDayCap);
        }
        announce(userId, xp.total(userId));
    }

    /** Every entry re-dated to the person's current zone, every day re-allocated, the total recounted. */
    @Transactional
    void redate(UUID userId) {
        xp.lock(userId);
        xp.redate(userId, timezones.of(userId));
        xp.reallocate(userId, null, null, dailyCap, receiptDayCap);
        announce(userId, xp.total(userId));
    }

    /**
     * Whether data of local day {@code day}, first received at {@code receivedAt}, came too late to
     * earn XP: typed-in data may be a week old, what a device recorded or a file holds a month (a
     * watch offline on a trip), so that back-dating cannot multiply the daily cap over past days.
     */
    private boolean late(Settlement s, LocalDate day, Instant receivedAt, boolean enteredByHand) {
        return day.isBefore(s.dayOf(receivedAt).minus(enteredByHand ? handWindow : recordedWindow));
    }

    /** The activity's entry as it is stored now (removed once deleted); whether it changed. */
    boolean activity(Settlement s, UUID activityId, Optional<Effort> effort) {
        String key = activityId.toString();
        if (effort.isEmpty()) {
            return removed(s, XpSource.ACTIVITY, key);
        }
        var a = effort.get();
        var local = a.startedAt().atZone(s.zone);
        var before = xp.placed(s.userId, XpSource.ACTIVITY, key);
        // received when its entry was first written, in the transaction that stored it; an edit keeps that
        Instant received = before.map(XpRepository.Placed::receivedAt).orElse(s.now());
        return written(
                s,
                XpSource.ACTIVITY,
                key,
                before,
                local.toLocalDate(),
                received,
                xp.upsert(
                        s.userId,
                        XpSource.ACTIVITY,
                        key,
                        local.toLocalDate(),
                        a.startedAt(),
                        a.type().wire(),
                        a.distanceMeters(),
                        a.durationSeconds(),
                        a.elevationGainMeters(),
                        0,
                        local.getHour(),
                        XpRules.activity(a),
                        received,
                        s.dayOf(received),
                        late(s, local.toLocalDate(), received, a.enteredByHand())));
    }

    /**
     * A day's steps (the day's top source), as the step counter reports them now; whether they
     * changed. The day was received when its first steps arrived: later syncs of the same day
     * (the count grows all day) keep that.
     */
    boolean steps(Settlement s, LocalDate day, long steps, boolean enteredByHand) {
        String key = day.toString();
        if (steps <= 0) {
            return removed(s, XpSource.STEPS, key);
        }
        // a steps day has no time: it counts after the day's activities, at the day's end
        Instant at = day.plusDays(1).atStartOfDay(s.zone).toInstant().minusSeconds(1);
        var before = xp.placed(s.userId, XpSource.STEPS, key);
        Instant received = before.map(XpRepository.Placed::receivedAt).orElse(s.now());
        return written(
                s,
                XpSource.STEPS,
                key,
                before,
                day,
                received,
                xp.upsert(
                        s.userId,
                        XpSource.STEPS,
                        key,
                        day,
                        at,
                        null,
                        0,
                        0,
                        0,
                        (int) steps,
                        null,
                        XpRules.steps((int) steps),
                        received,
                        s.dayOf(received),
                        late(s, day, received, enteredByHand)));
    }

    /** Notes what a written entry moved, if it changed: its old place, its new one, its key. */
    private static boolean written(
            Settlement s,
            XpSource source,
            String key,
            Optional<XpRepository.Placed> before,
            LocalDate day,
            Instant received,
            boolean changed) {
        if (changed) {
            before.ifPresent(s::moved);
            s.moved(day, s.dayOf(received));
            s.changedData.add(source.wire() + ":" + key);
        }
        return changed;
    }

    private boolean removed(Settlement s, XpSource source, String key) {
        var gone = xp.delete(s.userId, source, key);
        gone.ifPresent(s::moved);
        if (gone.isPresent()) {
            s.changedData.add(source.wire() + ":" + key);
        }
        return gone.isPresent();
    }

    /** A reward (badge or challenge) credited on today's date; nothing if it is there already. */
    void reward(Settlement s, XpSource source, String key, int amount) {
        LocalDate today = s.today();
        if (xp.placed(s.userId, source, key).isEmpty()) {
            s.moved(today, today);
            xp.upsert(
                    s.userId,
                    source,
                    key,
                    today,
                    s.now(),
                    null,
                    0,
                    0,
                    0,
                    0,
                    null,
                    new XpRules.Earned(amount, false),
                    s.now(),
                    today,
                    false);
        }
    }

    void withdraw(Settlement s, XpSource source, String key) {
        xp.delete(s.userId, source, key).ifPresent(s::moved);
    }

    XpProgress progress(UUID userId) {
        long total = xp.total(userId).xp();
        int level = XpRules.level(total);
        return new XpProgress(
                total,
                level,
                XpRules.levelFloor(level),
                XpRules.levelFloor(level + 1),
                xp.dayXp(userId, LocalDate.now(clock.withZone(timezones.of(userId)))),
                dailyCap);
    }

    Page<LedgerEntry> ledger(UUID userId, PageRequest page) {
        return Page.of(xp.page(userId, page), page.limit(), e -> PageRequest.cursor(e.occurredAt(), e.id()));
    }

    private void announce(UUID userId, XpRepository.Total total) {
        int level = XpRules.level(total.xp());
        if (level > total.levelNotified()) {
            xp.levelNotified(userId, level);
            events.publishEvent(new LevelReached(userId, level, total.xp()));
        }
    }
}
