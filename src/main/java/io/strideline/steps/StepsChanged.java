package io.strideline.steps;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A person's step counts of these days changed. Published inside the writing transaction. */
public record StepsChanged(UUID userId, List<LocalDate> dates) {}
