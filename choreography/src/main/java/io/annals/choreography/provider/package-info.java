/** The ports to the payment, shipping and notification providers, and their HTTP adapters. */
package io.annals.choreography.provider;
