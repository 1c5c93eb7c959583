package com.promo.crowd.batch;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.springframework.core.io.FileSystemResource;

/** A snapshot file, plain or gzipped (told by its first bytes, not its name). */
class SnapshotFile extends FileSystemResource {

	SnapshotFile(Path path) {
		super(path);
	}

	@Override
	public InputStream getInputStream() throws IOException {
		return decoded(super.getInputStream());
	}

	/** The rows' bytes, as {@link #getInputStream()}, and how many of the file's bytes were read so far. */
	CountedInput getCountedInputStream() throws IOException {
		FileBytes file = new FileBytes(super.getInputStream());
		return new CountedInput(decoded(file), file);
	}

	record CountedInput(InputStream in, FileBytes file) {
	}

	private static InputStream decoded(InputStream file) throws IOException {
		InputStream raw = new BufferedInputStream(file, 1 << 16);
		raw.mark(2);
		int first = raw.read();
		int second = raw.read();
		raw.reset();
		boolean gzipped = first == 0x1f && second == 0x8b;
		return gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
	}

	/**
	 * Counts the bytes taken from the file itself (compressed, if it is): progress against the
	 * file's size. Read by the thread that reads the file.
	 */
	static final class FileBytes extends FilterInputStream {

		private long read;

		FileBytes(InputStream in) {
			super(in);
		}

		long bytesRead() {
			return this.read;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				this.read += n;
			}
			return n;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.read++;
			}
			return b;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			this.read += skipped;
			return skipped;
		}

	}

}
