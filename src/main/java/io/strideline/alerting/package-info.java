/** Alert rules (metric thresholds, device offline, repeated sync failures) and the alert lifecycle. */
@NullMarked
package io.strideline.alerting;

import org.jspecify.annotations.NullMarked;
