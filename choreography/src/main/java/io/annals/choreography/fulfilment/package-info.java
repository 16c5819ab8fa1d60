/** The order-fulfilment saga (stock, payment, shipping, compensation), its journal, dead letters and admin API. */
package io.annals.choreography.fulfilment;
