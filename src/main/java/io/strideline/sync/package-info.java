/** Sync health of offline-first devices (PiSync): sync reports, history, repeated failures. */
@NullMarked
package io.strideline.sync;

import org.jspecify.annotations.NullMarked;
