package dev.ironclaw4j.guard.testing;

import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** An in-memory audit store for guard's own tests (the JDBC store is tested in server). */
public final class MemoryAuditStore implements AuditStore {
  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized AuditRecord append(Function<Optional<AuditRecord>, AuditRecord> build) {
    AuditRecord r = build.apply(records.isEmpty() ? Optional.empty() : Optional.of(records.getLast()));
    records.add(r);
    return r;
  }

  @Override
  public synchronized List<AuditRecord> query(Filter f, int limit) {
    return records.stream().filter(r -> f.subject() == null || f.subject().equals(r.subject())).limit(limit).toList();
  }

  @Override
  public synchronized void forEach(Consumer<AuditRecord> action) {
    records.forEach(action);
  }

  @Override
  public synchronized Optional<Head> head() {
    return records.isEmpty() ? Optional.empty() : Optional.of(new Head(records.getLast().seq(), records.getLast().hash()));
  }

  public synchronized List<AuditRecord> all() {
    return List.copyOf(records);
  }
}
