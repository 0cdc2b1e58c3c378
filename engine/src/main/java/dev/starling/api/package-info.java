/**
 * The API contract every engine answers and every benchmark, test and tool programs against:
 * {@link dev.starling.api.Instance}, {@link dev.starling.api.Session}, {@link
 * dev.starling.api.Message} and the typed errors. Depends on nothing but the JDK.
 */
package dev.starling.api;
