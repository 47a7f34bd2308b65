import { createHash } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/**
 * A small real PNG for a user's avatar: a disc in a colour of its own on a light ground, so the
 * app's window shows a picture (main fetches it and hands the window a data: URL) and two users
 * look different in screenshots. Same id, same bytes.
 */
export function avatarPng(id: string, size = 48): Buffer {
  const digest = createHash('sha256').update(id).digest()
  const colour = [64 + ((digest[0] ?? 0) % 160), 64 + ((digest[1] ?? 0) % 160), 200]
  const ground = [238, 240, 250]
  const rows: Buffer[] = []
  const centre = (size - 1) / 2
  const radius = size * 0.42
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3)
    for (let x = 0; x < size; x += 1) {
      const inside = (x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2
      const [r, g, b] = inside ? colour : ground
      row.writeUInt8(r ?? 0, 1 + x * 3)
      row.writeUInt8(g ?? 0, 2 + x * 3)
      row.writeUInt8(b ?? 0, 3 + x * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(2, 9) // truecolour RGB
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
