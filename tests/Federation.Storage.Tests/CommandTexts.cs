using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Federation.Storage.Tests;

/// <summary>
/// The SQL texts EF Core runs for one context, as it announces them to every <see cref="DiagnosticListener"/>
/// subscriber: no logging set up, no change to the store's registration. Filtered by context, since tests run
/// in parallel and every context in the process speaks on the same listener.
/// </summary>
internal sealed class CommandTexts : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly DbContext _context;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<string> _texts = [];

    private CommandTexts(DbContext context) => _context = context;

    public static CommandTexts Of(DbContext context)
    {
        var texts = new CommandTexts(context);
        texts._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(texts));
        return texts;
    }

    /// <summary>What has run so far, oldest first; cleared by <see cref="Clear"/>.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            lock (_texts)
            {
                return [.. _texts];
            }
        }
    }

    public void Clear()
    {
        lock (_texts)
        {
            _texts.Clear();
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && ReferenceEquals(data.Context, _context))
        {
            lock (_texts)
            {
                _texts.Add(data.Command.CommandText);
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            _subscriptions.Clear();
        }
    }
}
