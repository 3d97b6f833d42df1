/**
 * How requests to an inference server are retried: network failures, timeouts, HTTP 429 and
 * 5xx are retried with exponential back-off (`initialBackoffMs * 2^attempt`, at most
 * `maxBackoffMs`); other 4xx answers fail at once.
 *
 * @category HTTP
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt (so at most `retries + 1` requests).
   *
   * @defaultValue 3
   */
  retries?: number;
  /**
   * Wait before the first retry, in milliseconds.
   *
   * @defaultValue 500
   */
  initialBackoffMs?: number;
  /**
   * Longest wait between attempts, in milliseconds.
   *
   * @defaultValue 8000
   */
  maxBackoffMs?: number;
  /**
   * Time limit of one attempt, in milliseconds.
   *
   * @defaultValue 600000 (10 minutes: a large rollout takes a while)
   */
  timeoutMs?: number;
}
