package io.dsync.jcache;

/**
 * Turns application objects into the form the store keeps and back: identity for
 * store-by-reference, a private copy for store-by-value.
 */
interface Copier {

  /** Store-by-reference: objects are kept as given. */
  Copier IDENTITY =
      new Copier() {
        @Override
        public Object copyKey(Object key) {
          return key;
        }

        @Override
        public Object toStored(Object value) {
          return value;
        }

        @Override
        public Object fromStored(Object stored) {
          return stored;
        }
      };

  /**
   * Returns the key to keep in the store (a copy when storing by value).
   *
   * @param key the application's key
   * @return the stored key
   */
  Object copyKey(Object key);

  /**
   * Returns the stored form of a value.
   *
   * @param value the application's value
   * @return what the store keeps
   */
  Object toStored(Object value);

  /**
   * Returns the application's view of a stored value (a fresh copy when storing by value).
   *
   * @param stored what the store keeps
   * @return the value for the application
   */
  Object fromStored(Object stored);
}
