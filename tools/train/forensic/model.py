"""The forensic patch classifier: a small CNN over 96x96 RGB patches of canonical frames, one logit per patch
(> 0: generator output). About 0.1 M parameters, ~7 M multiply-adds per patch."""
import torch
import torch.nn as nn


def block(cin, cout, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class PatchNet(nn.Module):
    def __init__(self, channels=(12, 24, 48, 64, 96), in_ch=3):
        super().__init__()
        c = channels
        self.features = nn.Sequential(
            block(in_ch, c[0], 2),  # 48
            block(c[0], c[1], 2),   # 24
            block(c[1], c[2], 2),   # 12
            block(c[2], c[3], 2),   # 6
            block(c[3], c[4], 1),   # 6
        )
        self.drop = nn.Dropout(0.2)
        self.head = nn.Linear(2 * c[4], 1)

    def forward(self, x):
        f = self.features(x)
        # mean and max pooling: flat regions and local traces both count
        f = torch.cat([f.mean((2, 3)), f.amax((2, 3))], 1)
        return self.head(self.drop(f)).squeeze(1)


class TinyLumaNet(nn.Module):
    """A deliberately different, tiny detector (1 luma channel, 32x32 patches, probability output) used only to
    test that the Java side honours a user's manifest; not trained to be useful."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, 2, 1)
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        f = torch.relu(self.conv(x)).mean((2, 3))
        return torch.sigmoid(self.fc(f))


def count_params(m):
    return sum(p.numel() for p in m.parameters())
