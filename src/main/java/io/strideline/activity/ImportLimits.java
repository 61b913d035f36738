package io.strideline.activity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of {@code POST /activities/import}.
 *
 * @param maxFileSize the largest file as uploaded (also the multipart limit)
 * @param maxInflatedSize the largest content after un-gzipping: a small "zip bomb" must not fill memory
 * @param maxPoints the most track points one file may hold (a week at one point every 2 s)
 */
@ConfigurationProperties("strideline.import")
record ImportLimits(DataSize maxFileSize, DataSize maxInflatedSize, int maxPoints) {}
