namespace Federation.Node.Inbox;

/// <summary>
/// The inbox writer's queues: one lane per calling partner, taken in turn, so that a partner that floods fills its own lane
/// only and the next batch still takes the next envelope of every other partner that has one waiting (one FIFO queue would
/// make a quiet partner's envelope wait behind the whole flood).
/// </summary>
/// <remarks>
/// Taking turns is not enough on its own: a quiet partner's envelope waits for the batch being committed, then for its own
/// batch, and a flooding partner fills both (up to <see cref="MaxBatch"/> of its envelopes, a hundred milliseconds and more
/// of commit on a busy node). So while more than one partner is active (an envelope waiting, or taken within
/// <see cref="ActiveWindow"/>), a batch takes at most <see cref="SharedShare"/> envelopes of each: batches stay short, the
/// others' waits with them. A partner alone still gets whole batches (a catch-up, an outbox draining), at full speed.
/// </remarks>
public sealed class InboxLanes<T>(TimeProvider clock)
{
    public const int MaxBatch = 256;

    /// <summary>Envelopes one partner may have waiting for the writer; more wait in their own call, not in anyone's way.</summary>
    public const int LaneCapacity = 4 * MaxBatch;

    /// <summary>The most of one partner's envelopes a batch takes while another partner is active too.</summary>
    public const int SharedShare = 16;

    /// <summary>How long after its last envelope a partner still counts as active.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly List<Lane> _ring = [];
    private int _nextLane;

    /// <summary>Queues <paramref name="item"/> in <paramref name="sender"/>'s lane, waiting (in the caller) while that lane is full.</summary>
    public async Task EnqueueAsync(string sender, T item, CancellationToken cancellationToken)
    {
        Lane lane;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(sender, out lane!))
            {
                lane = new Lane();
                _lanes[sender] = lane;
                _ring.Add(lane);
            }
        }

        await lane.Room.WaitAsync(cancellationToken);
        lock (_lock)
        {
            lane.Items.Enqueue(item);
        }
    }

    /// <summary>
    /// Takes up to <see cref="MaxBatch"/> items into <paramref name="batch"/>, one from each lane in turn, starting after the lane
    /// that began the last batch; at most <see cref="SharedShare"/> of one lane while more than one lane is active.
    /// </summary>
    public void TakeBatch(List<T> batch)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            var active = _ring.Count(l => l.Items.Count > 0 || (l.LastTaken is { } last && clock.GetElapsedTime(last, now) < ActiveWindow));
            var share = active > 1 ? SharedShare : MaxBatch;
            foreach (var lane in _ring)
            {
                lane.Taken = 0;
            }

            var empty = 0;
            while (batch.Count < MaxBatch && empty < _ring.Count)
            {
                var lane = _ring[_nextLane];
                _nextLane = (_nextLane + 1) % _ring.Count;
                if (lane.Taken < share && lane.Items.TryDequeue(out var item))
                {
                    lane.Room.Release();
                    lane.Taken++;
                    lane.LastTaken = now;
                    batch.Add(item);
                    empty = 0;
                }
                else
                {
                    empty++;
                }
            }
        }
    }

    private sealed class Lane
    {
        public Queue<T> Items { get; } = new();

        public SemaphoreSlim Room { get; } = new(LaneCapacity, LaneCapacity);

        /// <summary>Taken into the batch being made.</summary>
        public int Taken { get; set; }

        /// <summary>When an item was last taken (a <see cref="TimeProvider"/> timestamp), none yet: null.</summary>
        public long? LastTaken { get; set; }
    }
}
