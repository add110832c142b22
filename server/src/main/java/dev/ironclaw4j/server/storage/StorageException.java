package dev.ironclaw4j.server.storage;

import dev.ironclaw4j.server.ServerException;

/** The database could not be opened, migrated or used. The message says which and what to do. */
public final class StorageException extends ServerException {
  public StorageException(String message) {
    super(FAILURE, message, null);
  }

  public StorageException(String message, Throwable cause) {
    super(FAILURE, message, cause);
  }
}
