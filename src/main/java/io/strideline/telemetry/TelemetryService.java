package io.strideline.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.strideline.device.DeviceAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.platform.WireEnum;
import io.strideline.telemetry.TelemetryRepository.BucketRow;
import io.strideline.telemetry.TelemetryRepository.LatestReading;
import io.strideline.telemetry.TelemetryRepository.NewReading;
import io.strideline.telemetry.TelemetryRepository.RawReading;
import io.strideline.telemetry.TelemetryRepository.Sample;
import io.strideline.telemetry.TelemetryRepository.StoredReading;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@Service
class TelemetryService {

    /** One problem of one reading; {@code field} is its JSON path, e.g. {@code readings[3].ts}. */
    @Schema(description = "One problem of one rejected reading.")
    record ItemError(
            @Schema(description = "Index of the reading in the batch, from 0.", example = "3")
            int index,

            @Schema(description = "JSON path of the bad field.", example = "readings[3].ts")
            String field,

            @Schema(description = "What is wrong with it.", example = "must not be more than 5 minutes in the future")
            String message) {}

    /**
     * accepted: stored now; duplicates: valid but already stored (or repeated in the batch);
     * rejected: invalid, each with its problems in errors.
     */
    @Schema(description = "What an upload stored. accepted + duplicates + rejected is the number of readings sent.")
    record IngestResult(
            @Schema(description = "Readings newly stored by this upload.", example = "2")
            int accepted,

            @Schema(
                    description = "Valid readings already stored (same metric and ts from this device, "
                            + "or repeated earlier in the batch): stored once, counted once.",
                    example = "0")
            int duplicates,

            @Schema(
                    description =
                            "Readings that break a rule of the Reading schema (its description lists them), not stored; each is listed in errors.",
                    example = "0")
            int rejected,

            @Schema(description = "Every problem of every rejected reading (a reading may have several).")
            List<ItemError> errors) {}

    /** One statistics bucket; aggregates that were not asked for are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(
            name = "ReadingStatsBucket",
            description = "One bucket with data. Only the aggregates asked for in agg are present; values are in "
                    + "the readings' unit.")
    record Bucket(
            @Schema(description = "Start of the bucket, in the offset of tz.", example = "2026-05-01T14:00:00+02:00")
            OffsetDateTime start,

            @Schema(description = "Readings in the bucket (present with agg count).", example = "60") @Nullable
            Long count,

            @Schema(description = "Mean, sum / count (present with agg avg).", example = "21.4") @Nullable
            Double avg,

            @Schema(description = "Smallest value (present with agg min).", example = "20.9") @Nullable
            Double min,

            @Schema(description = "Largest value (present with agg max).", example = "22.1") @Nullable
            Double max,

            @Schema(description = "Sum of the values (present with agg sum).", example = "1284") @Nullable
            Double sum) {}

    @Schema(name = "ReadingStats", description = "Statistics of one metric of one device over [from, to).")
    record Stats(
            @Schema(description = "The device.") UUID deviceId,

            @Schema(description = "The metric.", example = "temperature")
            String metric,

            @Schema(description = "The bucket size used.", example = "hour")
            ReadingInterval interval,

            @Schema(description = "The IANA time zone of calendar buckets and of start.", example = "Europe/Berlin")
            String tz,

            @Schema(description = "Start of the range, inclusive.", example = "2026-05-01T00:00:00Z")
            Instant from,

            @Schema(description = "End of the range, exclusive.", example = "2026-05-02T00:00:00Z")
            Instant to,

            @Schema(description = "The aggregates in each bucket, in the order asked for.")
            List<Aggregate> agg,

            @Schema(description = "Buckets with data, oldest first.")
            List<Bucket> buckets) {}

    /** The statistics parameters as sent; a missing interval or agg is the default. */
    record StatsQuery(
            @Nullable String metric,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable ReadingInterval interval,
            @Nullable String agg,
            @Nullable String tz) {}

    static final Pattern METRIC = Pattern.compile("[a-z0-9_.]{1,64}");
    static final int MAX_UNIT_LENGTH = 16;
    /** What a reading item may hold; anything else rejects the item (a misspelt key is not a value). */
    private static final Set<String> READING_FIELDS = Set.of("metric", "value", "unit", "ts");
    /** Devices without a set clock send 1970; such times are refused rather than stored. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final TelemetryRepository readings;
    private final ReadingPartitions partitions;
    private final DeviceAccess access;
    private final TelemetrySettings settings;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TelemetryService(
            TelemetryRepository readings,
            ReadingPartitions partitions,
            DeviceAccess access,
            TelemetrySettings settings,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock) {
        this.readings = readings;
        this.partitions = partitions;
        this.access = access;
        this.settings = settings;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    // --- ingest

    /**
     * Stores the valid readings of a batch and reports the invalid ones. Items are read one by
     * one from JSON nodes, so a wrongly typed item is rejected alone.
     */
    IngestResult ingest(CurrentDevice device, @Nullable JsonNode batch) {
        if (batch == null || batch.isMissingNode() || batch.isNull()) {
            throw ApiException.invalid("readings", "is required");
        }
        if (!batch.isArray()) {
            throw ApiException.invalid("readings", "must be an array of readings");
        }
        if (batch.isEmpty() || batch.size() > settings.maxBatch()) {
            throw ApiException.invalid("readings", "must hold 1 to " + settings.maxBatch() + " readings");
        }
        Instant now = clock.instant();
        var errors = new ArrayList<ItemError>();
        // first of each (metric, ts) wins; later copies in the same batch count as duplicates
        var valid = new LinkedHashMap<Key, NewReading>();
        int validItems = 0;
        var last = new LastTimestamp();
        for (int i = 0; i < batch.size(); i++) {
            var reading = parse(i, batch.get(i), now, errors, last);
            if (reading != null) {
                validItems++;
                valid.putIfAbsent(new Key(reading.metric(), reading.ts()), reading);
            }
        }
        int rejected = batch.size() - validItems;
        if (valid.isEmpty()) {
            return new IngestResult(0, 0, rejected, errors);
        }
        var sorted = valid.values().stream()
                .sorted(TelemetryService::byMetricAndTime)
                .toList();
        var stored = store(device, now, sorted);
        return new IngestResult(stored.count(), validItems - stored.count(), rejected, errors);
    }

    private record Key(String metric, Instant ts) {}

    /** The insert's key order; written out because the composed comparator showed in profiles. */
    private static int byMetricAndTime(NewReading a, NewReading b) {
        int c = a.metric().compareTo(b.metric());
        return c != 0 ? c : a.ts().compareTo(b.ts());
    }

    /** What one batch stored, for the answer and the event. */
    private record Stored(
            int count, Set<String> metrics, @Nullable Instant newest) {}

    private Stored store(CurrentDevice device, Instant now, List<NewReading> sorted) {
        var days = new TreeSet<LocalDate>();
        sorted.forEach(r -> days.add(LocalDate.ofInstant(r.ts(), ZoneOffset.UTC)));
        partitions.ensure(days);
        try {
            return write(device, now, sorted);
        } catch (DataIntegrityViolationException e) {
            // the retention job dropped an old day between ensure() and the insert: make it again
            if (!String.valueOf(e.getMessage()).contains("no partition of relation")) {
                throw e;
            }
            partitions.forget(days);
            partitions.ensure(days);
            return write(device, now, sorted);
        }
    }

    /**
     * Readings, rollups, latest values and the event commit together or not at all. First as if
     * every reading were new (COPY, rollups summed here); when some were stored before (a retry,
     * an overlapping upload), that transaction is rolled back and the batch goes through the
     * insert that skips stored readings and rolls up only what it stored.
     */
    private Stored write(CurrentDevice device, Instant now, List<NewReading> sorted) {
        var copied = tx.execute(status -> {
            if (!readings.copyNew(device.id(), device.orgId(), now, sorted)) {
                status.setRollbackOnly();
                return null;
            }
            readings.rollUp(device.id(), device.orgId(), now, sorted);
            var metrics = new LinkedHashSet<String>();
            Instant newest = sorted.getFirst().ts();
            for (var r : sorted) {
                metrics.add(r.metric());
                if (r.ts().isAfter(newest)) {
                    newest = r.ts();
                }
            }
            return publish(device, new Stored(sorted.size(), Set.copyOf(metrics), newest), sorted);
        });
        if (copied != null) {
            return copied;
        }
        return Objects.requireNonNull(tx.execute(status -> {
            var stored = readings.insert(device.id(), device.orgId(), now, sorted);
            return publish(
                    device,
                    new Stored(
                            stored.size(),
                            stored.stream().map(StoredReading::metric).collect(Collectors.toUnmodifiableSet()),
                            stored.stream()
                                    .map(StoredReading::ts)
                                    .max(Instant::compareTo)
                                    .orElse(null)),
                    stored);
        }));
    }

    private Stored publish(CurrentDevice device, Stored stored, List<? extends Sample> samples) {
        if (stored.count() > 0) {
            events.publishEvent(new ReadingsSummarised(device.id(), device.orgId(), summarise(samples)));
            events.publishEvent(new ReadingsIngested(
                    device.id(),
                    device.orgId(),
                    stored.metrics(),
                    stored.count(),
                    Objects.requireNonNull(stored.newest())));
        }
        return stored;
    }

    /** What a batch of stored readings says per metric, in the order of the metrics' names. */
    static List<ReadingsSummarised.MetricSummary> summarise(List<? extends Sample> samples) {
        var byMetric = new java.util.TreeMap<String, ReadingsSummarised.MetricSummary>();
        for (var r : samples) {
            byMetric.merge(
                    r.metric(),
                    new ReadingsSummarised.MetricSummary(r.metric(), 1, r.value(), r.value(), r.value(), r.ts()),
                    ReadingsSummarised.MetricSummary::plus);
        }
        return List.copyOf(byMetric.values());
    }

    /** The reading, or null after adding its problems to {@code errors}. */
    private @Nullable NewReading parse(
            int index, JsonNode item, Instant now, List<ItemError> errors, LastTimestamp last) {
        if (!item.isObject()) {
            errors.add(new ItemError(index, "readings[" + index + "]", "must be an object {metric, value, unit?, ts}"));
            return null;
        }
        int before = errors.size();
        for (String field : item.propertyNames()) {
            if (!READING_FIELDS.contains(field)) {
                errors.add(new ItemError(index, "readings[" + index + "]." + field, "is not a field of this request"));
            }
        }

        String metric = null;
        JsonNode m = item.get("metric");
        if (m == null || m.isNull()) {
            errors.add(new ItemError(index, "readings[" + index + "].metric", "is required"));
        } else if (!m.isString() || !ReadingFields.isMetric(m.stringValue())) {
            errors.add(
                    new ItemError(index, "readings[" + index + "].metric", "must be 1 to 64 of a-z, 0-9, '_' and '.'"));
        } else {
            metric = m.stringValue();
        }

        double value = 0;
        JsonNode v = item.get("value");
        if (v == null || v.isNull()) {
            errors.add(new ItemError(index, "readings[" + index + "].value", "is required"));
        } else if (!v.isNumber()) {
            errors.add(new ItemError(index, "readings[" + index + "].value", "must be a number"));
        } else if (!Double.isFinite(v.doubleValue())) {
            errors.add(new ItemError(index, "readings[" + index + "].value", "must be a finite number"));
        } else {
            value = v.doubleValue();
        }

        Instant ts = null;
        JsonNode t = item.get("ts");
        if (t == null || t.isNull()) {
            errors.add(new ItemError(index, "readings[" + index + "].ts", "is required"));
        } else {
            ts = timestamp(t, last);
            if (ts == null) {
                errors.add(new ItemError(
                        index,
                        "readings[" + index + "].ts",
                        "must be an ISO-8601 timestamp with offset, e.g. 2026-05-01T12:00:00Z"));
            } else if (ts.isAfter(now.plus(settings.maxFuture()))) {
                errors.add(new ItemError(
                        index,
                        "readings[" + index + "].ts",
                        "must not be more than " + settings.maxFuture().toMinutes() + " minutes in the future"));
            } else if (ts.isBefore(EARLIEST)) {
                errors.add(new ItemError(index, "readings[" + index + "].ts", "must not be before " + EARLIEST));
            }
        }

        String unit = null;
        JsonNode u = item.get("unit");
        if (u != null && !u.isNull()) {
            if (!u.isString() || u.stringValue().length() > MAX_UNIT_LENGTH) {
                errors.add(new ItemError(
                        index,
                        "readings[" + index + "].unit",
                        "must be a string of at most " + MAX_UNIT_LENGTH + " characters"));
            } else {
                unit = u.stringValue();
            }
        }
        if (errors.size() > before || metric == null || ts == null) {
            return null;
        }
        return new NewReading(metric, ts, value, unit);
    }

    /** PostgreSQL keeps microseconds; finer digits would make "different" readings that collide. */
    private static @Nullable Instant timestamp(JsonNode t, LastTimestamp last) {
        if (!t.isString()) {
            return null;
        }
        String text = t.stringValue();
        // the metrics of one sample share its time: parse each distinct text once
        if (text.equals(last.text)) {
            return last.ts;
        }
        Instant ts = ReadingFields.parseUtc(text);
        if (ts == null) {
            try {
                ts = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        ts = ts.truncatedTo(ChronoUnit.MICROS);
        last.text = text;
        last.ts = ts;
        return ts;
    }

    /** The previous item's valid timestamp, for {@link #timestamp}. */
    private static final class LastTimestamp {
        @Nullable
        String text;

        @Nullable
        Instant ts;
    }

    // --- queries

    Page<RawReading> readings(
            UUID userId,
            UUID deviceId,
            @Nullable String metric,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable Integer limit,
            @Nullable String cursor) {
        access.require(userId, deviceId, Role.VIEWER);
        var v = new Validation();
        checkMetric(v, metric);
        v.check(Validation.storable(from), "from", "must be within the years 1 to 9999");
        v.check(Validation.storable(to), "to", "must be within the years 1 to 9999");
        v.check(from == null || to == null || from.isBefore(to), "to", "must be after from");
        v.throwIfInvalid();
        Objects.requireNonNull(metric, "checked by the validation above");
        int size = PageRequest.of(limit, null).limit();
        Instant before = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        var rows = readings.readings(deviceId, metric, from, to, before, size + 1);
        return Page.of(rows, size, r -> encodeCursor(r.ts()));
    }

    Page<LatestReading> latest(UUID userId, UUID deviceId) {
        access.require(userId, deviceId, Role.VIEWER);
        return new Page<>(readings.latest(deviceId), null);
    }

    Stats stats(UUID userId, UUID deviceId, StatsQuery q) {
        access.require(userId, deviceId, Role.VIEWER);
        var v = new Validation();
        checkMetric(v, q.metric());
        v.check(Validation.storable(q.from()), "from", "must be within the years 1 to 9999");
        v.check(Validation.storable(q.to()), "to", "must be within the years 1 to 9999");
        // without a range: the last 24 hours
        Instant to = q.to() != null ? q.to() : clock.instant();
        Instant from = q.from() != null ? q.from() : to.minus(Duration.ofDays(1));
        v.check(from.isBefore(to), "to", "must be after from");
        ReadingInterval interval = q.interval() == null ? ReadingInterval.HOUR : q.interval();
        var agg = aggregates(v, q.agg());
        String tz = q.tz() == null || q.tz().isBlank() ? "UTC" : q.tz();
        // region ids only: PostgreSQL reads offsets such as "+02:00" with the POSIX sign (inverted)
        v.check(ZoneId.getAvailableZoneIds().contains(tz), "tz", "must be an IANA time zone such as Europe/Berlin");
        v.throwIfInvalid();
        String metric = Objects.requireNonNull(q.metric(), "checked by the validation above");
        Duration range = Duration.between(from, to);
        if (interval == ReadingInterval.MINUTE && range.compareTo(settings.maxMinuteRange()) > 0) {
            throw ApiException.invalid(
                    "to",
                    "minute statistics cover at most "
                            + settings.maxMinuteRange().toDays()
                            + " days; choose a shorter range or a longer interval");
        }
        long buckets = maxBuckets(interval, range);
        if (buckets > settings.maxBuckets()) {
            throw ApiException.invalid(
                    "to",
                    "this range has up to " + buckets + " " + interval.wire() + " buckets, more than "
                            + settings.maxBuckets() + "; choose a shorter range or a longer interval");
        }
        ZoneId zone = ZoneId.of(tz);
        List<BucketRow> rows;
        try {
            rows = switch (interval) {
                case MINUTE -> readings.minuteBuckets(deviceId, metric, from, to);
                // hours are UTC hours in every zone (shown in its offset), as the rollups are
                case HOUR -> readings.buckets(deviceId, metric, from, to, "hour", "UTC");
                case DAY, WEEK, MONTH -> readings.buckets(deviceId, metric, from, to, interval.wire(), tz);
            };
        } catch (DataAccessException e) {
            if (String.valueOf(e.getMessage()).contains("time zone")) {
                // the JDK knows the zone, this PostgreSQL's time zone data does not
                throw ApiException.invalid("tz", "is not known to the database");
            }
            throw e;
        }
        var out = rows.stream().map(r -> bucket(r, zone, agg)).toList();
        return new Stats(deviceId, metric, interval, tz, from, to, List.copyOf(agg), out);
    }

    private static Bucket bucket(BucketRow r, ZoneId zone, Set<Aggregate> agg) {
        return new Bucket(
                r.start().atZone(zone).toOffsetDateTime(),
                agg.contains(Aggregate.COUNT) ? r.count() : null,
                agg.contains(Aggregate.AVG) ? r.sum() / r.count() : null,
                agg.contains(Aggregate.MIN) ? r.min() : null,
                agg.contains(Aggregate.MAX) ? r.max() : null,
                agg.contains(Aggregate.SUM) ? r.sum() : null);
    }

    /** An upper bound of the buckets in the range (days may have 25 hours, months 28 days). */
    private static long maxBuckets(ReadingInterval interval, Duration range) {
        long seconds = range.toSeconds();
        long size = switch (interval) {
            case MINUTE -> 60;
            case HOUR -> 3_600;
            case DAY -> 23 * 3_600;
            case WEEK -> 7 * 24 * 3_600 - 3_600;
            case MONTH -> 28 * 24 * 3_600 - 3_600;
        };
        return seconds / size + 2;
    }

    /**
     * The comma-separated aggregates, in the order given (repeats once); all when absent. Parsed
     * here rather than bound as a list so that a bad one is named together with the other
     * parameters' problems and the message lists the values.
     */
    private static Set<Aggregate> aggregates(Validation v, @Nullable String agg) {
        if (agg == null || agg.isBlank()) {
            return new LinkedHashSet<>(List.of(Aggregate.values()));
        }
        var out = new LinkedHashSet<Aggregate>();
        for (String a : agg.split(",")) {
            var parsed = WireEnum.parse(Aggregate.class, a.trim());
            if (parsed.isEmpty()) {
                v.check(
                        false,
                        "agg",
                        "must be a comma-separated list of " + String.join(", ", WireEnum.values(Aggregate.class)));
                return out;
            }
            out.add(parsed.get());
        }
        return out;
    }

    private static void checkMetric(Validation v, @Nullable String metric) {
        v.check(metric != null && !metric.isBlank(), "metric", "is required");
        v.check(
                metric == null || metric.isBlank() || METRIC.matcher(metric).matches(),
                "metric",
                "must be 1 to 64 of a-z, 0-9, '_' and '.'");
    }

    /** The cursor is the event time of the last reading shown, in microseconds. */
    private static String encodeCursor(Instant ts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        Long.toString(TelemetryRepository.epochMicros(ts)).getBytes(StandardCharsets.UTF_8));
    }

    private static Instant decodeCursor(String cursor) {
        try {
            long micros = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        } catch (RuntimeException e) {
            throw ApiException.invalid("cursor", "is not a cursor this server issued");
        }
    }
}
