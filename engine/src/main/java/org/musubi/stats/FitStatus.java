package org.musubi.stats;

/** How an iterative (logistic or Firth) fit ended. */
public enum FitStatus {
    /** The convergence criterion was met; estimates and covariance are valid. */
    CONVERGED,
    /** The iteration limit was hit first; estimates and covariance are those of the last iterate. */
    UNFINISHED,
    /** The fit diverged (non-finite likelihood, singular information, no ascent direction). */
    FAILED
}
