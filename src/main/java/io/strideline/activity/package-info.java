/** Runs and other activities: device uploads with AI metrics and GPS streams, history and statistics. */
@NullMarked
package io.strideline.activity;

import org.jspecify.annotations.NullMarked;
