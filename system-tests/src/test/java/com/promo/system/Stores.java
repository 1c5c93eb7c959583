package com.promo.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.promo.testsupport.TestInfrastructure;

/**
 * What the wallet and the arbiter really stored for a template, read over JDBC from
 * coupon-service's databases (not through any service's API): the coupons in every physical
 * {@code user_coupon_N} table of every shard, and the arbiter's counters and ledger in the first
 * database. Local layout: 2 databases x 4 tables, user {@code u} in database
 * {@code u % 2}, table {@code user_coupon_((u / 2) % 4)}.
 */
final class Stores {

	static final int DATABASES = 2;

	static final int TABLES_PER_DATABASE = 4;

	/** A row of a physical wallet table, with where it was found. */
	record Coupon(long id, long userId, String claimId, String status, int database, int table) {
	}

	/** The arbiter's {@code coupon_template} row. */
	record Template(long claimedCount, int totalStock, int perUserLimit) {
	}

	/** A {@code claim_ledger} row: the wallet's decision on one claim id, and when it was claimed and decided. */
	record Decision(String claimId, long userId, String outcome, String code, Long couponId, String claimedAt,
			String decidedAt) {
	}

	/** The arbiter's state for one template. */
	record Arbiter(Template template, Map<Long, Integer> grantedPerUser, List<Decision> ledger) {
	}

	private final List<String> databases;

	private Stores(List<String> databases) {
		this.databases = databases;
	}

	static Stores of(RunningPlatform platform) throws java.io.IOException {
		return new Stores(platform.couponDatabases(DATABASES));
	}

	/** Every coupon of the template in every physical wallet table of every database. */
	List<Coupon> walletCoupons(long templateId) throws SQLException {
		List<Coupon> coupons = new ArrayList<>();
		for (int database = 0; database < this.databases.size(); database++) {
			try (Connection connection = connect(database)) {
				for (String table : walletTables(connection)) {
					int index = Integer.parseInt(table.substring("user_coupon_".length()));
					try (PreparedStatement select = connection.prepareStatement(
							"SELECT id, user_id, claim_id, status FROM " + table + " WHERE template_id = ?")) {
						select.setLong(1, templateId);
						try (ResultSet rows = select.executeQuery()) {
							while (rows.next()) {
								coupons.add(new Coupon(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
										database, index));
							}
						}
					}
				}
			}
		}
		return coupons;
	}

	/** The physical tables of one database, {@code user_coupon_0..N-1}; fails when there are none. */
	private static List<String> walletTables(Connection connection) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), null, "user_coupon_%", null)) {
			while (rows.next()) {
				String name = rows.getString("TABLE_NAME");
				if (name.matches("user_coupon_\\d+")) {
					tables.add(name);
				}
			}
		}
		if (tables.size() != TABLES_PER_DATABASE) {
			throw new IllegalStateException("expected " + TABLES_PER_DATABASE + " user_coupon_N tables in "
					+ connection.getCatalog() + ", found " + tables);
		}
		return tables;
	}

	/** The counters and the ledger of the template in the first database. */
	Arbiter arbiter(long templateId) throws SQLException {
		try (Connection connection = connect(0)) {
			Template template;
			try (PreparedStatement select = connection
				.prepareStatement("SELECT claimed_count, total_stock, per_user_limit FROM coupon_template WHERE id = ?")) {
				select.setLong(1, templateId);
				try (ResultSet rows = select.executeQuery()) {
					if (!rows.next()) {
						throw new IllegalStateException("no coupon_template " + templateId + " in " + this.databases.get(0));
					}
					template = new Template(rows.getLong(1), rows.getInt(2), rows.getInt(3));
				}
			}
			Map<Long, Integer> granted = new HashMap<>();
			try (PreparedStatement select = connection
				.prepareStatement("SELECT user_id, granted FROM claim_user_count WHERE template_id = ?")) {
				select.setLong(1, templateId);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						granted.put(rows.getLong(1), rows.getInt(2));
					}
				}
			}
			List<Decision> ledger = new ArrayList<>();
			try (PreparedStatement select = connection.prepareStatement(
					"SELECT claim_id, user_id, outcome, code, coupon_id, claimed_at, created_at"
							+ " FROM claim_ledger WHERE template_id = ?")) {
				select.setLong(1, templateId);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						long couponId = rows.getLong(5);
						Long coupon = rows.wasNull() ? null : couponId; // wasNull speaks of the last column read
						ledger.add(new Decision(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4),
								coupon, rows.getString(6), rows.getString(7)));
					}
				}
			}
			return new Arbiter(template, granted, ledger);
		}
	}

	/**
	 * Sets the arbiter's stock of a template behind every service's back: a fault test's way to make
	 * Redis believe in more units than the database holds.
	 */
	void setTotalStock(long templateId, int totalStock) throws SQLException {
		try (Connection connection = connect(0);
				PreparedStatement update = connection
					.prepareStatement("UPDATE coupon_template SET total_stock = ? WHERE id = ?")) {
			update.setInt(1, totalStock);
			update.setLong(2, templateId);
			if (update.executeUpdate() != 1) {
				throw new IllegalStateException("no coupon_template " + templateId + " in " + this.databases.get(0));
			}
		}
	}

	/** The database a user's coupons live in. */
	static int databaseOf(long userId) {
		return (int) (userId % DATABASES);
	}

	/** The table number (within its database) a user's coupons live in. */
	static int tableOf(long userId) {
		return (int) ((userId / DATABASES) % TABLES_PER_DATABASE);
	}

	private Connection connect(int database) throws SQLException {
		return DriverManager.getConnection(this.databases.get(database), TestInfrastructure.DB_USER,
				TestInfrastructure.DB_PASSWORD);
	}

}
