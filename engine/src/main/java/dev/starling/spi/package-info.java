/**
 * What every engine shares and a deployment relies on: the {@link dev.starling.spi.Engine} it runs,
 * the API's rules written once ({@link dev.starling.spi.Validation}, {@link
 * dev.starling.spi.ValidatingInstance}, {@link dev.starling.spi.ValidatingSession}), the request
 * kinds and the shape of the metrics.
 *
 * <p>May depend on {@code dev.starling.api} and HdrHistogram only; the engines depend on it.
 */
package dev.starling.spi;
