//! In-memory caches of answers that are expensive to compute and read far
//! more often than the data behind them changes: the authenticated caller
//! (session or token → user, roles, organisation chain), the organisation
//! tree, and pages of the incident list.
//!
//! Every entry carries the data generation ([`verbinding_store::Db::generation`])
//! read *before* the answer was computed, and is served only while the
//! generation is unchanged. Every committed write transaction bumps the
//! generation after its commit, so once a change has been answered, no
//! request sees an answer from before it. A write a service knows to touch
//! only a strategy's results or waiting work bumps a narrower counter (see
//! `verbinding_store::Scope`): the chain pages, which show that progress,
//! are kept under `generation_of(StrategyResults)`; the other caches do not
//! depend on it. Keys hold everything an answer
//! depends on besides the data: for need-to-know content that is the whole
//! principal (user, organisation chain, roles, clearance) and its visibility
//! filter, so one user's answer is never served to another.
//!
//! The generation counts writes of this process only. A second process
//! writing the same database (a command-line import while the server runs)
//! is not seen until the next write here or until an entry is `MAX_AGE` old,
//! which bounds how long such a change can go unnoticed.

use crate::AppState;
use crate::errors::AppError;
use crate::session::{CachedSession, CachedToken};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use verbinding_store::directory::Organisation;

/// The longest an entry is served, whatever the generation says.
pub const MAX_AGE: Duration = Duration::from_secs(5);

struct Entry<V> {
    generation: u64,
    born: Instant,
    weight: usize,
    value: V,
}

struct Map<K, V> {
    entries: HashMap<K, Entry<V>>,
    weight: usize,
}

/// A bounded map of answers, each valid for one data generation. The bound
/// is a total weight: bytes for rendered answers, 1 for small entries.
pub struct GenCache<K, V> {
    map: RwLock<Map<K, V>>,
    max_weight: usize,
}

impl<K: Hash + Eq, V: Clone> GenCache<K, V> {
    pub fn new(max_weight: usize) -> Self {
        GenCache { map: RwLock::new(Map { entries: HashMap::new(), weight: 0 }), max_weight }
    }

    /// The answer computed at `generation`, when there is one and it is young enough.
    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q, generation: u64) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let map = self.map.read().unwrap_or_else(|p| p.into_inner());
        map.entries
            .get(key)
            .filter(|e| e.generation == generation && e.born.elapsed() < MAX_AGE)
            .map(|e| e.value.clone())
    }

    /// Keeps an answer computed from data read after `generation` was taken.
    pub fn insert(&self, key: K, generation: u64, value: V, weight: usize) {
        if weight > self.max_weight {
            return;
        }
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if let Some(old) = map.entries.remove(&key) {
            map.weight -= old.weight;
        }
        if map.weight + weight > self.max_weight {
            // Stale entries go first; if that is not enough, start over
            // rather than track use (the bound matters, the policy hardly).
            map.entries.retain(|_, e| e.generation == generation && e.born.elapsed() < MAX_AGE);
            map.weight = map.entries.values().map(|e| e.weight).sum();
            if map.weight + weight > self.max_weight {
                map.entries.clear();
                map.weight = 0;
            }
        }
        map.weight += weight;
        map.entries.insert(key, Entry { generation, born: Instant::now(), weight, value });
    }

    pub fn remove<Q: Hash + Eq + ?Sized>(&self, key: &Q)
    where
        K: Borrow<Q>,
    {
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if let Some(old) = map.entries.remove(key) {
            map.weight -= old.weight;
        }
    }
}

/// The objects a cached answer shows (their reads are audited, rule 9).
pub(crate) type Shown = Arc<[i64]>;

/// The caches of one server process.
pub struct Caches {
    /// Session id hash → session, user and principal.
    pub(crate) sessions: GenCache<String, Arc<CachedSession>>,
    /// API token hash → token, user and principal.
    pub(crate) tokens: GenCache<String, Arc<CachedToken>>,
    /// The organisation tree (one entry).
    orgs: GenCache<(), Arc<Vec<Organisation>>>,
    /// Incident list answers of the API (JSON bodies), with the incidents
    /// they show: an answer from the cache records those reads again.
    pub(crate) incident_api: GenCache<crate::api::incidents::ListKey, (axum::body::Bytes, Shown)>,
    /// Incident list pages as rendered for one session and language, with
    /// the incidents they show.
    pub(crate) incident_pages: GenCache<crate::pages::incidents::ListKey, (Arc<crate::pages::Reusable>, Shown)>,
    /// Pages of a strategy's whole chain, with the classified parts they
    /// show; kept under the generation of strategy results.
    pub(crate) chain_pages: GenCache<crate::pages::strategy::ChainKey, (Arc<crate::pages::Reusable>, Shown)>,
    /// Turns for rendering a chain page afresh.
    pub(crate) chain_turns: Turns,
}

/// Turns for computing an answer that was not in a cache: requests for
/// the same key wait for the first one and then find its answer, instead
/// of each computing it again (after a write, every open tab of one user
/// asks at once). Striped: different keys may share a lock, which only
/// delays them by one computation.
pub struct Turns([tokio::sync::Mutex<()>; 64]);

impl Default for Turns {
    fn default() -> Self {
        Turns(std::array::from_fn(|_| tokio::sync::Mutex::new(())))
    }
}

impl Turns {
    /// Waits for the turn of `key`'s stripe.
    pub async fn take<K: Hash>(&self, key: &K) -> tokio::sync::MutexGuard<'_, ()> {
        use std::hash::{BuildHasher, RandomState};
        static HASHER: std::sync::LazyLock<RandomState> = std::sync::LazyLock::new(RandomState::new);
        self.0[(HASHER.hash_one(key) % self.0.len() as u64) as usize].lock().await
    }
}

/// Bytes kept for each kind of rendered answer.
const RENDERED_BYTES: usize = 64 * 1024 * 1024;

impl Default for Caches {
    fn default() -> Self {
        Caches {
            sessions: GenCache::new(20_000),
            tokens: GenCache::new(20_000),
            orgs: GenCache::new(1),
            incident_api: GenCache::new(RENDERED_BYTES),
            incident_pages: GenCache::new(RENDERED_BYTES),
            chain_pages: GenCache::new(RENDERED_BYTES),
            chain_turns: Turns::default(),
        }
    }
}

/// Every organisation, ordered by code: from the cache while no write has
/// happened since it was read.
pub async fn orgs(state: &AppState) -> Result<Arc<Vec<Organisation>>, AppError> {
    let generation = state.db.generation();
    if let Some(orgs) = state.caches.orgs.get(&(), generation) {
        return Ok(orgs);
    }
    let orgs = Arc::new(verbinding_app::directory::tree(state).await?);
    state.caches.orgs.insert((), generation, Arc::clone(&orgs), 1);
    Ok(orgs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weight<K, V>(c: &GenCache<K, V>) -> (usize, usize) {
        c.map.read().map(|m| (m.entries.len(), m.weight)).unwrap_or_default()
    }

    #[test]
    fn an_entry_is_served_only_at_its_generation() {
        let c: GenCache<&str, i32> = GenCache::new(4);
        c.insert("a", 7, 1, 1);
        assert_eq!(c.get(&"a", 7), Some(1));
        assert_eq!(c.get(&"a", 8), None, "a write since makes it stale");
        assert_eq!(c.get(&"b", 7), None);
        c.remove(&"a");
        assert_eq!(c.get(&"a", 7), None);
        assert_eq!(weight(&c), (0, 0));
    }

    #[test]
    fn the_weight_stays_bounded() {
        let c: GenCache<i32, i32> = GenCache::new(10);
        for k in 0..3 {
            c.insert(k, 1, k, 3);
        }
        assert_eq!(weight(&c), (3, 9));
        c.insert(1, 1, 1, 3);
        assert_eq!(weight(&c), (3, 9), "replacing an entry does not count it twice");
        c.insert(9, 2, 9, 4);
        assert_eq!(c.get(&9, 2), Some(9));
        assert_eq!(weight(&c), (1, 4), "stale entries made room");
        for k in 10..20 {
            c.insert(k, 2, k, 4);
            assert!(weight(&c).1 <= 10);
        }
        c.insert(99, 2, 99, 11);
        assert_eq!(c.get(&99, 2), None, "heavier than the whole cache: not kept");
    }
}
