// Real files for design assets: a PNG screenshot (roof with one panel rectangle per module, encoded with node's zlib)
// and a DXF layout, both drawn from the design's layout so they change with its size.
import { deflateSync } from 'node:zlib';
import type { Layout } from './model';

type Rgb = readonly [number, number, number];

const LAWN: Rgb = [118, 160, 98];
const ROOF: Rgb = [128, 132, 140];
const RIDGE: Rgb = [92, 96, 104];
const PANEL: Rgb = [28, 52, 98];
const PANEL_LINE: Rgb = [120, 150, 200];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  fill(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let row = y0; row < y1; row++) {
      for (let col = x0; col < x1; col++) {
        const at = (row * this.width + col) * 3;
        this.pixels[at] = r;
        this.pixels[at + 1] = g;
        this.pixels[at + 2] = b;
      }
    }
  }

  png(): Buffer {
    const stride = this.width * 3;
    const raw = Buffer.alloc((stride + 1) * this.height);
    for (let row = 0; row < this.height; row++) {
      raw[row * (stride + 1)] = 0; // filter: none
      Buffer.from(this.pixels.buffer, this.pixels.byteOffset + row * stride, stride).copy(raw, row * (stride + 1) + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.writeUInt8(8, 8); // bit depth
    header.writeUInt8(2, 9); // colour type: RGB
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
  }
}

export const SCREENSHOT_SIZE = { width: 480, height: 320 } as const;

const MODULE_ASPECT = 1.7; // portrait module: height / width

/** The largest module width at which `count` modules fit on a plane. */
function fittingWidth(count: number, planeWidth: number, planeHeight: number): number {
  let best = 0;
  for (let columns = 1; columns <= Math.max(1, count); columns++) {
    const rows = Math.ceil(count / columns);
    best = Math.max(best, Math.min(planeWidth / columns, planeHeight / rows / MODULE_ASPECT));
  }
  return best;
}

/** Module rectangles of one face, all `w` wide, centred on the plane. */
function panelGrid(count: number, w: number, planeWidth: number, planeHeight: number): { x: number; y: number; w: number; h: number }[] {
  const h = w * MODULE_ASPECT;
  const columns = Math.max(1, Math.min(count, Math.floor(planeWidth / w + 1e-9)));
  const rows = Math.ceil(count / columns);
  const offsetX = (planeWidth - columns * w) / 2;
  const offsetY = (planeHeight - rows * h) / 2;
  return Array.from({ length: count }, (_, i) => ({ x: offsetX + (i % columns) * w, y: offsetY + Math.floor(i / columns) * h, w, h }));
}

/** A top-down "screenshot": lawn, a roof split into faces, one dark rectangle per module (same size on every face). */
export function renderScreenshotPng(layout: Layout | null): Buffer {
  const { width, height } = SCREENSHOT_SIZE;
  const canvas = new Canvas(width, height, LAWN);
  const roof = { x: 60, y: 50, w: width - 120, h: height - 100 };
  canvas.fill(roof.x, roof.y, roof.w, roof.h, ROOF);
  const faces = layout?.arrays ?? [];
  const planes = Math.max(1, faces.length);
  const planeWidth = roof.w / planes;
  for (let i = 1; i < planes; i++) canvas.fill(roof.x + i * planeWidth - 2, roof.y, 4, roof.h, RIDGE);
  const margin = 12;
  const inner = { w: planeWidth - 2 * margin, h: roof.h - 2 * margin };
  const moduleWidth = Math.min(...faces.map((array) => fittingWidth(array.count, inner.w, inner.h)), 40);
  faces.forEach((array, index) => {
    for (const panel of panelGrid(array.count, moduleWidth, inner.w, inner.h)) {
      const x = roof.x + index * planeWidth + margin + panel.x;
      const y = roof.y + margin + panel.y;
      canvas.fill(x, y, panel.w, panel.h, PANEL_LINE);
      canvas.fill(x + 1, y + 1, panel.w - 2, panel.h - 2, PANEL);
    }
  });
  return canvas.png();
}

/** A DXF (R12 ASCII) with one closed polyline per module on layer MODULES, in metres. */
export function renderLayoutDxf(layout: Layout | null): string {
  const lines: string[] = ['0', 'SECTION', '2', 'HEADER', '9', '$INSUNITS', '70', '6', '0', 'ENDSEC', '0', 'SECTION', '2', 'ENTITIES'];
  const module = { w: 1.1, h: 1.87 };
  let originX = 0;
  for (const array of layout?.arrays ?? []) {
    const columns = Math.ceil(Math.sqrt(array.count * 1.7));
    for (let i = 0; i < array.count; i++) {
      const x = originX + (i % columns) * (module.w + 0.02);
      const y = Math.floor(i / columns) * (module.h + 0.02);
      const corners = [
        [x, y],
        [x + module.w, y],
        [x + module.w, y + module.h],
        [x, y + module.h],
      ];
      lines.push('0', 'POLYLINE', '8', 'MODULES', '66', '1', '70', '1');
      for (const [cx, cy] of corners) lines.push('0', 'VERTEX', '8', 'MODULES', '10', cx!.toFixed(3), '20', cy!.toFixed(3), '30', '0.0');
      lines.push('0', 'SEQEND');
    }
    originX += columns * (module.w + 0.02) + 2;
  }
  lines.push('0', 'ENDSEC', '0', 'EOF');
  return `${lines.join('\n')}\n`;
}
