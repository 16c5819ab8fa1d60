/**
 * Blue/green rebuilds of the read models: a new generation built beside the live one by a processor of its own, the
 * switch to it in one transaction, coordinated through the database across instances.
 */
package io.annals.app.rebuild;
