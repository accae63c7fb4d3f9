package io.dsync.raft.core;

import io.dsync.raft.core.RaftMessage.SnapshotRequest;
import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A follower's InstallSnapshot chunks being put together (§7). Chunks may be lost, duplicated
 * or reordered: a chunk is taken only at the current end; otherwise the caller answers with
 * {@link #expectedOffset}, and the leader resumes from there.
 */
final class SnapshotAssembly {
  private @Nullable SnapshotRequest head;
  private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Outcome of one chunk: the image when complete, else the offset to ask for next. */
  record Step(@Nullable SnapshotImage image, long nextOffset) {}

  Step accept(SnapshotRequest req) {
    boolean same = head != null && head.index() == req.index() && head.snapshotTerm() == req.snapshotTerm();
    if (req.offset() == 0 && (!same || bytes.size() == 0)) {
      head = req;
      bytes = new ByteArrayOutputStream();
    } else if (!same || bytes.size() != req.offset()) {
      // A late duplicate, a gap, or another snapshot: say where we are (0 when it is another).
      return new Step(null, same ? bytes.size() : 0);
    }
    bytes.writeBytes(req.chunk());
    if (!req.done()) {
      return new Step(null, bytes.size());
    }
    SnapshotImage img = new SnapshotImage(req.index(), req.snapshotTerm(), req.membership(), bytes.toByteArray());
    long size = bytes.size();
    head = null;
    bytes = new ByteArrayOutputStream();
    return new Step(img, size);
  }
}
