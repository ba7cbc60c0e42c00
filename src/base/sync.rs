//! Mutexes shared by parallel jobs. A poisoned mutex only means another
//! thread panicked while holding it; what it guards is still whole (a
//! cache, a list of paths), so the build goes on with it.

use std::sync::{Mutex, MutexGuard};

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
