package dev.minikafka.storage.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Describes I/O failures in words an operator can act on, naming the file. Stateless. */
public final class IoErrors {
  private IoErrors() {}

  /** One line: the file, if known, and the reason, e.g. "data/topics: permission denied". */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fse) {
      String reason =
          switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case NotDirectoryException x -> "not a directory";
            case FileAlreadyExistsException x -> "already exists";
            default -> fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
          };
      return fse.getFile() == null ? reason : fse.getFile() + ": " + reason;
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
