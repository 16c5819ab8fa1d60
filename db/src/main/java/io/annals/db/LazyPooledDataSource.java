package io.annals.db;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/** A Hikari pool behind Spring's lazy-connection proxy; closing it closes the pool. */
public class LazyPooledDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {

    private final HikariDataSource pool;

    LazyPooledDataSource(HikariDataSource pool) {
        super(pool);
        this.pool = pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
