/** Fleet summary and trends across the modules that own the facts (devices, readings, syncs, alerts). */
@NullMarked
package io.strideline.analytics;

import org.jspecify.annotations.NullMarked;
