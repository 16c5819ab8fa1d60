/** Dead letters: the queue of every processing group, its enqueue policy and the admin API over all of them. */
package io.annals.app.deadletter;
