package com.payledger.infra.failure;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Failures of the database connection itself, told apart by what they leave open: a session that ended under a
 * request may have ended during its commit, so a command may or may not have been recorded; a session that could not
 * be had ran nothing. Found anywhere in a failure's chain, whichever wrapper (Axon's command execution, Spring's data
 * access, the pool's) it arrives in.
 */
public final class ConnectionFailures {

    /** What HikariCP 7 answers every use of a connection it evicted as broken, without a SQLSTATE. */
    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    private ConnectionFailures() {
    }

    /**
     * A session that ended under the request: SQLSTATE 08003 (no longer exists), 08006 (failed), 08007 (transaction
     * resolution unknown), and the server's own ends of a session, 57P01 admin shutdown and 57P02 crash shutdown. Also
     * HikariCP's stand-in for a connection the driver found broken (its ProxyConnection evicts it on such a state and
     * answers every later use "Connection is closed"): the unit of work that still held it failed with that after a
     * server restart.
     */
    public static boolean lost(Throwable failure) {
        return Causes.first(failure, SQLException.class, sql -> sql.getSQLState() == null
                ? HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())
                : sql.getSQLState().matches("0800[367]|57P0[12]")).isPresent();
    }

    /**
     * No session could be had: the rest of SQLSTATE class 08 (08001 cannot connect, 08004 rejected), 57P03 cannot
     * connect now, and the pool's time-out ({@link SQLTransientConnectionException}). Nothing ran.
     */
    public static boolean noneHad(Throwable failure) {
        return Causes.first(failure, SQLException.class, sql -> sql instanceof SQLTransientConnectionException
                || sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                || sql.getSQLState().equals("57P03"))).isPresent();
    }
}
