// The microphone's capture, on the audio rendering thread: its samples (mono, the context's rate) are turned into
// PCM16 little-endian and posted to the page in blocks of processorOptions.blockSamples (the page asks for about
// 40 ms), which it sends on /ws/audio.
// Loaded with audioWorklet.addModule from Janus itself (the page's policy: script-src 'self').

class PcmCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = Math.max(128, options.processorOptions.blockSamples);
    this.block = new Int16Array(this.size);
    this.filled = 0;
  }

  process(inputs, outputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      for (let i = 0; i < channel.length; i++) {
        this.block[this.filled++] = Math.max(-1, Math.min(1, channel[i])) * 0x7fff;
        if (this.filled === this.size) {
          // the block's memory moves to the page (a detached block has length 0: a new one is made)
          this.port.postMessage(this.block.buffer, [this.block.buffer]);
          this.block = new Int16Array(this.size);
          this.filled = 0;
        }
      }
    }
    outputs[0].forEach((out) => out.fill(0)); // silence: only the page hears the microphone
    return true;
  }
}

registerProcessor('pcm-capture', PcmCapture);
