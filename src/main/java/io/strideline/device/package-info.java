/** Devices: pairing with a 6-digit code, the registry, device tokens and device configuration. */
@NullMarked
package io.strideline.device;

import org.jspecify.annotations.NullMarked;
