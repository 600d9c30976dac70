namespace Federation.Node.Grpc;

/// <summary>
/// A write-only stream that hands what is written on in chunks of a given size (the last one smaller, at dispose):
/// a large document is streamed as many messages, each far below the transport's message cap.
/// </summary>
public sealed class ChunkStream(int chunkBytes, Func<ReadOnlyMemory<byte>, CancellationToken, Task> send, CancellationToken cancellationToken) : Stream
{
    private readonly byte[] _buffer = new byte[chunkBytes];
    private int _filled;
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken writeCancellation = default)
    {
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsMemory(_filled));
            _filled += take;
            _written += take;
            buffer = buffer[take..];
            if (_filled == _buffer.Length)
            {
                await SendAsync();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken writeCancellation) =>
        WriteAsync(buffer.AsMemory(offset, count), writeCancellation).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Written asynchronously only: each chunk is a message on the wire.");

    // A flush does not cut a chunk short: chunks stay full but the last.
    public override Task FlushAsync(CancellationToken flushCancellation) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override async ValueTask DisposeAsync()
    {
        if (_filled > 0)
        {
            await SendAsync();
        }

        await base.DisposeAsync();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task SendAsync()
    {
        await send(_buffer.AsMemory(0, _filled), cancellationToken);
        _filled = 0;
    }
}
