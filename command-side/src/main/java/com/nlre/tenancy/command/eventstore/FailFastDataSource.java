package com.nlre.tenancy.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The command side's database, patient with a busy pool and impatient with an unreachable database.
 * <ul>
 *   <li>A caller first waits (fairly, up to {@code poolWait}) for one of as many permits as the pool has connections:
 *   a burst of commands queueing for one aggregate or one quota counter waits here, as long as it must.</li>
 *   <li>Holding a permit, a free pooled connection exists unless the database cannot give one, so the pool's own
 *   (short) connection timeout only expires when the database is unreachable: the database is then marked
 *   <em>unavailable</em>.</li>
 *   <li>A connection that breaks under its user (the database went away mid-statement) marks the database
 *   unavailable too.</li>
 *   <li>While unavailable, every caller is refused at once (no wait) with a {@link SQLTransientConnectionException}
 *   (SQLState 08001), which Spring and Axon surface as data-access resource failures (answered 503); a probe on the
 *   pool itself, every {@code probeInterval}, marks the database available again as soon as it answers.</li>
 * </ul>
 * Readiness follows: the {@code db} health indicator asks this data source for a connection.
 */
public class FailFastDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailFastDataSource.class);
    static final String UNAVAILABLE_SQL_STATE = "08001";

    private final HikariDataSource pool;
    private final Semaphore permits;
    private final Duration poolWait;
    private final Duration probeInterval;
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private final ScheduledExecutorService prober;

    public FailFastDataSource(HikariDataSource pool, Duration poolWait, Duration probeInterval) {
        super(pool);
        this.pool = pool;
        this.permits = new Semaphore(pool.getMaximumPoolSize(), true);
        this.poolWait = poolWait;
        this.probeInterval = probeInterval;
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "database-availability-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** False from the moment the database was found unreachable until a probe reached it again. */
    public boolean isAvailable() {
        return !unavailable.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhileUnavailable();
        boolean permitted;
        try {
            permitted = permits.tryAcquire(poolWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for a database connection",
                    UNAVAILABLE_SQL_STATE, e);
        }
        if (!permitted) {
            throw new SQLTransientConnectionException("No database connection became free in time",
                    UNAVAILABLE_SQL_STATE);
        }
        try {
            refuseWhileUnavailable();
            return releasingPermitOnClose(pool.getConnection());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            if (e instanceof SQLTransientConnectionException) {
                markUnavailable(e);
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("Connections are only given with the configured credentials");
    }

    private void refuseWhileUnavailable() throws SQLException {
        if (unavailable.get()) {
            throw new SQLTransientConnectionException("The database is unavailable", UNAVAILABLE_SQL_STATE);
        }
    }

    private void markUnavailable(Exception cause) {
        if (unavailable.compareAndSet(false, true)) {
            log.error("Database unreachable; refusing requests that need it until it answers again: {}",
                    cause.toString());
            evictPooledConnections();
            prober.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The pooled connections are to the database that went away: none is lent again (those in use are closed once
     * back; not every driver's "connection broken" is one the pool itself recognises).
     */
    private void evictPooledConnections() {
        HikariPoolMXBean connections = pool.getHikariPoolMXBean();
        if (connections != null) {
            connections.softEvictConnections();
        }
    }

    /** A real round trip (a driver's own validity check may answer from its client-side state). */
    private void probe() {
        boolean reached = false;
        try (Connection connection = pool.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(2);
                statement.execute("SELECT 1");
                reached = true;
            } catch (SQLException stillDown) {
                pool.evictConnection(connection);
                throw stillDown;
            }
        } catch (SQLException | RuntimeException stillDown) {
            log.debug("Database still unreachable: {}", stillDown.toString());
        }
        if (reached) {
            // only once the probe's connection is back in the pool, so every permit finds one free
            unavailable.set(false);
            log.info("Database reachable again");
        } else {
            prober.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops probing and closes the pool (the data source bean's destroy method). */
    @Override
    public void close() {
        prober.shutdownNow();
        pool.close();
    }

    private Connection releasingPermitOnClose(Connection connection) {
        AtomicBoolean released = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, arguments) -> {
            if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
                try {
                    connection.close();
                } finally {
                    if (released.compareAndSet(false, true)) {
                        permits.release();
                    }
                }
                return null;
            }
            if ("equals".equals(method.getName()) && method.getParameterCount() == 1) {
                return proxy == arguments[0];
            }
            if ("hashCode".equals(method.getName()) && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            Object result = watched(connection, connection, method, arguments);
            Class<?> type = method.getReturnType();
            if (result != null && (type == Statement.class || type == PreparedStatement.class
                    || type == CallableStatement.class)) {
                Object statement = result;
                return Proxy.newProxyInstance(FailFastDataSource.class.getClassLoader(), new Class<?>[]{type},
                        (statementProxy, statementMethod, statementArguments) -> "getConnection".equals(
                                statementMethod.getName()) ? proxy
                                : watched(connection, statement, statementMethod, statementArguments));
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(FailFastDataSource.class.getClassLoader(),
                new Class<?>[]{Connection.class}, handler);
    }

    /**
     * Calls {@code method} on {@code target}; a failure of the connection itself marks the database unavailable, which
     * retires every pooled connection (this one once its user closes it: closing it under its user would break the
     * driver's other statements on it).
     */
    private Object watched(Connection connection, Object target, Method method, Object[] arguments)
            throws Throwable {
        try {
            return invoke(target, method, arguments);
        } catch (SQLException e) {
            if (isConnectionLost(e)) {
                markUnavailable(e);
            }
            throw e;
        } catch (AssertionError e) {
            // with assertions enabled, a driver may assert on its own connection closed under it (PostgreSQL's batch
            // handler does): that is the connection failure it is, not an Error no one answers properly
            if (isPhysicallyClosed(connection)) {
                SQLException lost = new SQLNonTransientConnectionException(
                        "The database connection was closed under a statement", "08003", e);
                markUnavailable(lost);
                throw lost;
            }
            throw e;
        }
    }

    private static boolean isPhysicallyClosed(Connection pooled) {
        try {
            return pooled.unwrap(Connection.class).isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    /**
     * The connection itself failed, not the statement: a connection-class SQLState (08) or exception, or an I/O
     * failure under the driver's exception (drivers differ in how they report a vanished server).
     */
    static boolean isConnectionLost(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException || cause instanceof IOException
                    || (cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
