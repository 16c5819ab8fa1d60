/**
 * How events leave the service: the one JSON form of an event that the live feed sends and the fan-out publishes,
 * and the type globs both filter by.
 */
package io.annals.app.eventjson;
