/** Daily step counts from phones and step-counting devices: sync per source, days, ranges and statistics. */
@NullMarked
package io.strideline.steps;

import org.jspecify.annotations.NullMarked;
