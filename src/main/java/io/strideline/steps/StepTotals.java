package io.strideline.steps;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Daily steps for other modules (goals, challenges): per local day the maximum over sources, as
 * {@code GET /steps/daily} reports it.
 */
@Component
public class StepTotals {

    private final StepRepository steps;

    StepTotals(StepRepository steps) {
        this.steps = steps;
    }

    /** Steps from {@code from} to {@code to}, both inclusive. */
    public long sumBetween(UUID userId, LocalDate from, LocalDate to) {
        return steps.sum(userId, from, to);
    }

    /** Days {@code from} to {@code to} (inclusive) of one person. */
    public record Span(UUID userId, LocalDate from, LocalDate to) {}

    /** The steps of many spans (of many people) in one query, in the order of {@code spans}. */
    public List<Long> sums(List<Span> spans) {
        return spans.isEmpty() ? List.of() : steps.sums(spans);
    }

    /** A day's steps (its top source's) and whether that source is a person typing them in. */
    public record Counted(long steps, boolean enteredByHand) {}

    /** As {@link #perDay}, with whether each day's count was typed in (XP credits those for less long). */
    public Map<LocalDate, Counted> counted(UUID userId, LocalDate from, LocalDate to) {
        var out = new LinkedHashMap<LocalDate, Counted>();
        for (var d : steps.days(userId, from, to)) {
            out.put(d.date(), new Counted(d.steps(), StepSource.MANUAL.wire().equals(d.source())));
        }
        return out;
    }

    /** Steps per day with data, from {@code from} to {@code to} inclusive, in date order. */
    public Map<LocalDate, Long> perDay(UUID userId, LocalDate from, LocalDate to) {
        var out = new LinkedHashMap<LocalDate, Long>();
        for (var d : steps.days(userId, from, to)) {
            out.put(d.date(), (long) d.steps());
        }
        return out;
    }
}
