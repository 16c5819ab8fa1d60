/** Built-in stand-in providers (payment, shipping, notification) for demos and tests; admins set how they behave. */
package io.annals.choreography.sandbox;
