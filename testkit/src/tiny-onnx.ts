// Writes tiny ONNX models for tests, byte by byte (protobuf), so the model slot runs a real model
// without downloading one: mean colour per channel (GlobalAveragePool), then a linear layer (Gemm).

type Field = Uint8Array;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const bytes = (...parts: Array<Uint8Array | number[]>) => {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number): Field => bytes(key(field, 0), varint(value));
const len = (field: number, payload: Uint8Array): Field =>
  bytes(key(field, 2), varint(payload.length), payload);
const str = (field: number, text: string): Field => len(field, new TextEncoder().encode(text));
const message = (...fields: Field[]) => bytes(...fields);

const FLOAT = 1;
/** TensorProto with float data (raw_data, little-endian). */
function tensor(name: string, dims: number[], values: number[]): Field {
  const raw = new Uint8Array(new Float32Array(values).buffer);
  return message(...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), len(9, raw));
}
/** ValueInfoProto of a float tensor; a dim given as a string is symbolic (the batch). */
function valueInfo(name: string, dims: Array<number | string>): Field {
  const shape = message(...dims.map((d) => len(1, typeof d === 'number' ? int(1, d) : str(2, d))));
  const tensorType = message(int(1, FLOAT), len(2, shape));
  return message(str(1, name), len(2, len(1, tensorType)));
}
function node(op: string, inputs: string[], outputs: string[], attributes: Field[] = []): Field {
  return message(
    ...inputs.map((i) => str(1, i)),
    ...outputs.map((o) => str(2, o)),
    str(3, `${op}_${outputs[0]}`),
    str(4, op),
    ...attributes.map((a) => len(5, a)),
  );
}

/**
 * A classifier over the mean of each channel of an NCHW input: logits = mean(c) · weights + bias.
 * `weights` is [channels][labels]. Input "pixels" [N, channels, height, width]; output "scores".
 */
export function meanColourModel(options: {
  channels: number;
  height: number;
  width: number;
  weights: number[][];
  bias: number[];
  /** NHWC input: a Transpose to NCHW comes first. */
  nhwc?: boolean;
}): Uint8Array {
  const labels = options.bias.length;
  const ints = (name: string, values: number[]) =>
    message(str(1, name), ...values.map((v) => int(8, v)), int(20, 7));
  const graph = message(
    ...(options.nhwc
      ? [len(1, node('Transpose', ['pixels'], ['nchw'], [ints('perm', [0, 3, 1, 2])]))]
      : []),
    len(1, node('GlobalAveragePool', [options.nhwc ? 'nchw' : 'pixels'], ['pooled'])),
    len(1, node('Flatten', ['pooled'], ['flat'], [message(str(1, 'axis'), int(3, 1), int(20, 2))])),
    len(1, node('Gemm', ['flat', 'W', 'B'], ['scores'])),
    str(2, 'mean-colour'),
    len(5, tensor('W', [options.channels, labels], options.weights.flat())),
    len(5, tensor('B', [labels], options.bias)),
    len(
      11,
      valueInfo(
        'pixels',
        options.nhwc
          ? ['N', options.height, options.width, options.channels]
          : ['N', options.channels, options.height, options.width],
      ),
    ),
    len(12, valueInfo('scores', ['N', labels])),
  );
  return message(
    int(1, 8), // ir_version
    str(2, 'haechi-tests'),
    len(7, graph),
    len(8, message(str(1, ''), int(2, 13))), // opset 13
  );
}
