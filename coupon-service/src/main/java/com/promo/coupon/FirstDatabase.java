package com.promo.coupon;

import com.promo.sharding.ShardLayout;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * coupon-service's first physical database, where its single (unsharded) tables live, reached
 * without ShardingSphere. The claim settlement runs its statements here: they never need routing,
 * and ShardingSphere's parsing, routing and merging were most of the CPU a settled claim cost
 * (58 % of coupon-service's samples in a JFR profile of the claim benchmark). Everything else keeps
 * using the sharded data source; a transaction here never spans the other one.
 */
@Component
public class FirstDatabase {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	FirstDatabase(ShardLayout layout) {
		this.jdbc = new JdbcTemplate(layout.firstDatabase());
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(layout.firstDatabase()));
		// each read sees what was committed before it, so a read made after taking a row lock sees
		// the work of whoever held that lock before (REPEATABLE READ would keep an older snapshot)
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/** Runs {@code work} in one READ COMMITTED transaction on this database. */
	public <T> T inTransaction(TransactionCallback<T> work) {
		return this.transactions.execute(work);
	}

}
